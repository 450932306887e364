// Independent expectations for the five seed points lists in `profiles/`. Every value below was worked out
// by hand from the documents, the points-list specification and the project's decisions (summarised above
// each seed's table), never copied from the parser's output.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Point, PointType, Profile, Source, UpdateMode } from '../../src/points/model.js';
import { parsePointsList } from '../../src/points/parse.js';
import {
  type BacnetAddress,
  type BacnetType,
  bacnetAddressOf,
} from '../../src/protocols/bacnet/bacnet-address.js';
import {
  type ModbusAddress,
  type ModbusEncoding,
  type ModbusTable,
  modbusAddressOf,
} from '../../src/protocols/modbus/modbus-address.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';

// ---------------------------------------------------------------------------------------------------------
// Row formats (one row per point, in document order)
//
//   BACnet: [type, instance, auto]
//   Modbus: [table, address (0-based), reference, count, encoding, scale, auto]
//
//   Sensor:  [id, name, unit, min, max, update, intervalMs, BACnet, Modbus, protocols?]
//            type is always 'number'; enum, trueText, falseText and action are null.
//   Command: [id, name, type, unit, min, max, enum, trueText, falseText, action, BACnet, Modbus, protocols?]
//            update is always 'onEvent', intervalMs null.
//   Status:  [id, name, type, enum, trueText, falseText, BACnet, Modbus, protocols?]
//            update 'onEvent', intervalMs null; unit, min, max and action null.
// ---------------------------------------------------------------------------------------------------------

type Bn = [type: BacnetType, instance: number, auto: boolean];
type Mb = [
  table: ModbusTable,
  address: number,
  reference: string,
  count: number,
  encoding: ModbusEncoding,
  scale: number,
  auto: boolean,
];
type Protocols = Record<string, string>;

type SensorRow = [
  id: string,
  name: string,
  unit: string | null,
  min: number,
  max: number,
  update: UpdateMode,
  intervalMs: number | null,
  bacnet: Bn,
  modbus: Mb,
  protocols?: Protocols,
];
type CommandRow = [
  id: string,
  name: string,
  type: PointType,
  unit: string | null,
  min: number | null,
  max: number | null,
  enumValues: string[] | null,
  trueText: string | null,
  falseText: string | null,
  action: string | null,
  bacnet: Bn,
  modbus: Mb,
  protocols?: Protocols,
];
type StatusRow = [
  id: string,
  name: string,
  type: PointType,
  enumValues: string[] | null,
  trueText: string | null,
  falseText: string | null,
  bacnet: Bn,
  modbus: Mb,
  protocols?: Protocols,
];

/** Every field of a point but its tags and description, which these tables do not restate. */
type ExpectedPoint = Omit<Point, 'tags' | 'description'>;

interface Seed {
  file: string;
  id: string;
  name: string;
  localName: string | null;
  declaredCounts: { sensor: number; command: number; status: number };
  sources: Source[];
  sensors: SensorRow[];
  commands: CommandRow[];
  status: StatusRow[];
}

// Short constants so the tables stay readable.
const BOOL: [string, string] = ['TRUE', 'FALSE'];
const ENABLE: [string, string] = ['ENABLE', 'DISABLE'];

// ---------------------------------------------------------------------------------------------------------
// 000 — Parking Management Server. No local name, no extra protocol columns.
// Explicit: holding 40001 (Server Status, enum), 40002–40006 (five sensors, one uint16 register each; %
// points 0–100 take scale 100, counts 0–10000 only fit at scale 1), coils 00001/00002 (two booleans).
// BACnet explicit AI0–AI4, BO0–BO1, MSV0. Auto sensors: AI5…AI11 and float32 input registers from 30501;
// auto commands: CSV0 (Tariff Profile, 16 registers at 40501) then BO2…BO5 (momentary actions, 40517…);
// auto status: MSV1…MSV7, BI0, DTV0, input registers continuing after the sensors (30515…).
// ---------------------------------------------------------------------------------------------------------
const parking: Seed = {
  file: '000_33b2c70fff85cd79.txt',
  id: 'parking-management-server',
  name: 'Parking Management Server',
  localName: null,
  declaredCounts: { sensor: 12, command: 7, status: 10 },
  sources: [
    { title: 'BACnet Protocol Specifications', url: 'https://www.bacnet.org/' },
    { title: 'OCPP Protocol Documentation', url: 'https://www.openchargealliance.org/' },
    { title: 'Parking Management System Architecture', url: 'https://www.parking-net.com/' },
    { title: 'MQTT IoT Protocol', url: 'https://mqtt.org/' },
  ],
  // biome-ignore format: one row per point
  sensors: [
    ['total-parking-capacity', 'Total Parking Capacity', 'count', 0, 10000,  'onDemand', null,   ['AI', 5, true],   ['input', 500, '30501', 2, 'float32', 1, true]],
    ['total-occupied',         'Total Occupied',         'count', 0, 10000,  'periodic', 30000,  ['AI', 0, false],  ['holding', 1, '40002', 1, 'uint16', 1, false]],
    ['total-available',        'Total Available',        'count', 0, 10000,  'periodic', 30000,  ['AI', 1, false],  ['holding', 2, '40003', 1, 'uint16', 1, false]],
    ['occupancy-rate',         'Occupancy Rate',         '%',     0, 100,    'periodic', 60000,  ['AI', 2, false],  ['holding', 3, '40004', 1, 'uint16', 100, false]],
    ['revenue-today',          'Revenue Today',          '€',     0, 999999, 'periodic', 300000, ['AI', 6, true],   ['input', 502, '30503', 2, 'float32', 1, true]],
    ['transactions-today',     'Transactions Today',     'count', 0, 10000,  'periodic', 300000, ['AI', 7, true],   ['input', 504, '30505', 2, 'float32', 1, true]],
    ['average-stay-duration',  'Average Stay Duration',  'min',   0, 720,    'periodic', 900000, ['AI', 8, true],   ['input', 506, '30507', 2, 'float32', 1, true]],
    ['server-cpu-usage',       'Server CPU Usage',       '%',     0, 100,    'periodic', 30000,  ['AI', 3, false],  ['holding', 4, '40005', 1, 'uint16', 100, false]],
    ['server-memory-usage',    'Server Memory Usage',    '%',     0, 100,    'periodic', 30000,  ['AI', 4, false],  ['holding', 5, '40006', 1, 'uint16', 100, false]],
    ['database-response-time', 'Database Response Time', 'ms',    1, 1000,   'periodic', 60000,  ['AI', 9, true],   ['input', 508, '30509', 2, 'float32', 1, true]],
    ['api-request-rate',       'API Request Rate',       'req/s', 0, 1000,   'periodic', 60000,  ['AI', 10, true],  ['input', 510, '30511', 2, 'float32', 1, true]],
    ['connected-devices',      'Connected Devices',      'count', 0, 500,    'periodic', 60000,  ['AI', 11, true],  ['input', 512, '30513', 2, 'float32', 1, true]],
  ],
  // biome-ignore format: one row per point
  commands: [
    ['system-enable',      'System Enable',      'bool',   null, null, null, null, ...ENABLE,    null,       ['BO', 0, false], ['coil', 0, '00001', 1, 'bool', 1, false]],
    ['tariff-profile',     'Tariff Profile',     'string', null, null, null, null, null, null,   null,       ['CSV', 0, true], ['holding', 500, '40501', 16, 'string', 1, true]],
    ['emergency-mode',     'Emergency Mode',     'bool',   null, null, null, null, ...ENABLE,    null,       ['BO', 1, false], ['coil', 1, '00002', 1, 'bool', 1, false]],
    ['database-backup',    'Database Backup',    'action', null, null, null, null, null, null,   'BACKUP',   ['BO', 2, true],  ['holding', 516, '40517', 1, 'bool', 1, true]],
    ['report-generation',  'Report Generation',  'action', null, null, null, null, null, null,   'GENERATE', ['BO', 3, true],  ['holding', 517, '40518', 1, 'bool', 1, true]],
    ['notification-send',  'Notification Send',  'action', null, null, null, null, null, null,   'SEND',     ['BO', 4, true],  ['holding', 518, '40519', 1, 'bool', 1, true]],
    ['integration-sync',   'Integration Sync',   'action', null, null, null, null, null, null,   'SYNC',     ['BO', 5, true],  ['holding', 519, '40520', 1, 'bool', 1, true]],
  ],
  // biome-ignore format: one row per point
  status: [
    ['server-status',          'Server Status',          'enum',     ['RUNNING', 'STOPPED', 'ERROR', 'MAINTENANCE'], null, null, ['MSV', 0, false], ['holding', 0, '40001', 1, 'enum', 1, false]],
    ['database-status',        'Database Status',        'enum',     ['CONNECTED', 'DISCONNECTED', 'ERROR'],         null, null, ['MSV', 1, true],  ['input', 514, '30515', 1, 'enum', 1, true]],
    ['bms-integration-status', 'BMS Integration Status', 'enum',     ['CONNECTED', 'DISCONNECTED'],                  null, null, ['MSV', 2, true],  ['input', 515, '30516', 1, 'enum', 1, true]],
    ['payment-gateway-status', 'Payment Gateway Status', 'enum',     ['ONLINE', 'OFFLINE', 'ERROR'],                 null, null, ['MSV', 3, true],  ['input', 516, '30517', 1, 'enum', 1, true]],
    ['ocpp-backend-status',    'OCPP Backend Status',    'enum',     ['RUNNING', 'STOPPED'],                         null, null, ['MSV', 4, true],  ['input', 517, '30518', 1, 'enum', 1, true]],
    ['cluster-status',         'Cluster Status',         'enum',     ['HEALTHY', 'DEGRADED', 'FAULT'],               null, null, ['MSV', 5, true],  ['input', 518, '30519', 1, 'enum', 1, true]],
    ['backup-status',          'Backup Status',          'enum',     ['OK', 'IN_PROGRESS', 'FAILED'],                null, null, ['MSV', 6, true],  ['input', 519, '30520', 1, 'enum', 1, true]],
    ['license-status',         'License Status',         'enum',     ['VALID', 'EXPIRING', 'EXPIRED'],               null, null, ['MSV', 7, true],  ['input', 520, '30521', 1, 'enum', 1, true]],
    ['security-alert',         'Security Alert',         'bool',     null,                                           ...BOOL,    ['BI', 0, true],   ['input', 521, '30522', 1, 'bool', 1, true]],
    ['last-backup-time',       'Last Backup Time',       'datetime', null,                                           null, null, ['DTV', 0, true],  ['input', 522, '30523', 2, 'datetime', 1, true]],
  ],
};

// ---------------------------------------------------------------------------------------------------------
// 001 — EV Charger Level 2. Extra column OCPP (kept only on the eight mapped rows).
// Explicit holding: 40001-40002 (Float) and 40005-40006 (Float) → float32; 40003 voltage 220–400 and 40004
// current 0–32 → uint16 ×100; 40007 temperature −25…50 → int16 ×100; 40101 Max Current Limit 6–32 → uint16
// ×100; 40201 Charger Status (enum); coil 00001 Charge Enable. '5s'/'10s' are read like '1s' (5000/10000 ms).
// BACnet explicit AI0–AI4, AO0, BO0, MSV0 → auto AI5…AI8, MSV1…MSV5, BO1…BO3, CSV0, BI0–BI1.
// ---------------------------------------------------------------------------------------------------------
const evCharger: Seed = {
  file: '001_05ad4beb3620f4de.txt',
  id: 'ev-charger-level-2',
  name: 'EV Charger Level 2',
  localName: null,
  declaredCounts: { sensor: 9, command: 6, status: 8 },
  sources: [
    { title: 'OCPP 1.6 Specification', url: 'https://www.openchargealliance.org/' },
    { title: 'IEC 61851-1 Standard', url: 'https://webstore.iec.ch/' },
    { title: 'ISO 15118 Vehicle-to-Grid', url: 'https://www.iso.org/' },
  ],
  // biome-ignore format: one row per point
  sensors: [
    ['active-power',            'Active Power',            'kW',    0,   22,     'periodic', 1000,  ['AI', 0, false], ['holding', 0, '40001', 2, 'float32', 1, false]],
    ['output-voltage',          'Output Voltage',          'V',     220, 400,    'periodic', 5000,  ['AI', 1, false], ['holding', 2, '40003', 1, 'uint16', 100, false]],
    ['output-current',          'Output Current',          'A',     0,   32,     'periodic', 1000,  ['AI', 2, false], ['holding', 3, '40004', 1, 'uint16', 100, false]],
    ['energy-delivered',        'Energy Delivered',        'kWh',   0,   999999, 'periodic', 10000, ['AI', 3, false], ['holding', 4, '40005', 2, 'float32', 1, false]],
    ['power-factor',            'Power Factor',            null,    0,   1,      'periodic', 10000, ['AI', 5, true],  ['input', 500, '30501', 2, 'float32', 1, true]],
    ['charge-session-duration', 'Charge Session Duration', 'min',   0,   720,    'periodic', 60000, ['AI', 6, true],  ['input', 502, '30503', 2, 'float32', 1, true]],
    ['charger-temperature',     'Charger Temperature',     '°C',    -25, 50,     'periodic', 60000, ['AI', 4, false], ['holding', 6, '40007', 1, 'int16', 100, false]],
    ['frequency',               'Frequency',               'Hz',    49,  51,     'periodic', 10000, ['AI', 7, true],  ['input', 504, '30505', 2, 'float32', 1, true]],
    ['rfid-read-count',         'RFID Read Count',         'count', 0,   999999, 'onEvent',  null,  ['AI', 8, true],  ['input', 506, '30507', 2, 'float32', 1, true]],
  ],
  // biome-ignore format: one row per point
  commands: [
    ['charge-enable',          'Charge Enable',          'bool',   null, null, null, null,                ...ENABLE,         null,   ['BO', 0, false], ['coil', 0, '00001', 1, 'bool', 1, false]],
    ['max-current-limit',      'Max Current Limit',      'number', 'A',  6,    32,   null,                null,   null,      null,   ['AO', 0, false], ['holding', 100, '40101', 1, 'uint16', 100, false]],
    ['charge-mode',            'Charge Mode',            'enum',   null, null, null, ['SMART', 'NORMAL'], null,   null,      null,   ['MSV', 1, true], ['holding', 500, '40501', 1, 'enum', 1, true]],
    ['connector-lock',         'Connector Lock',         'bool',   null, null, null, null,                'LOCK', 'UNLOCK',  null,   ['BO', 1, true],  ['holding', 501, '40502', 1, 'bool', 1, true]],
    ['load-management-enable', 'Load Management Enable', 'bool',   null, null, null, null,                ...ENABLE,         null,   ['BO', 2, true],  ['holding', 502, '40503', 1, 'bool', 1, true]],
    ['remote-stop',            'Remote Stop',            'action', null, null, null, null,                null,   null,      'STOP', ['BO', 3, true],  ['holding', 503, '40504', 1, 'bool', 1, true]],
  ],
  // biome-ignore format: one row per point
  status: [
    ['charger-status',   'Charger Status',   'enum',   ['AVAILABLE', 'CHARGING', 'ERROR', 'OFFLINE'],        null, null, ['MSV', 0, false], ['holding', 200, '40201', 1, 'enum', 1, false]],
    ['connector-status', 'Connector Status', 'enum',   ['AVAILABLE', 'OCCUPIED', 'FAULTED', 'UNAVAILABLE'], null, null, ['MSV', 2, true],  ['input', 508, '30509', 1, 'enum', 1, true]],
    ['session-status',   'Session Status',   'enum',   ['IDLE', 'CHARGING', 'COMPLETE', 'FAULT'],           null, null, ['MSV', 3, true],  ['input', 509, '30510', 1, 'enum', 1, true]],
    ['rfid-auth-status', 'RFID Auth Status', 'enum',   ['SUCCESS', 'FAILED', 'PENDING'],                    null, null, ['MSV', 4, true],  ['input', 510, '30511', 1, 'enum', 1, true]],
    ['fault-code',       'Fault Code',       'string', null,                                                null, null, ['CSV', 0, true],  ['input', 511, '30512', 16, 'string', 1, true]],
    ['ocpp-connection',  'OCPP Connection',  'enum',   ['CONNECTED', 'DISCONNECTED'],                       null, null, ['MSV', 5, true],  ['input', 527, '30528', 1, 'enum', 1, true]],
    ['cable-connected',  'Cable Connected',  'bool',   null,                                                ...BOOL,    ['BI', 0, true],   ['input', 528, '30529', 1, 'bool', 1, true]],
    ['ground-fault',     'Ground Fault',     'bool',   null,                                                ...BOOL,    ['BI', 1, true],   ['input', 529, '30530', 1, 'bool', 1, true]],
  ],
};

// ---------------------------------------------------------------------------------------------------------
// 002 — Level Sensor (Capteur de niveau). No extra protocol columns.
// Explicit input 30001 (0–100 %) and 30002 (0–20 m) → uint16 ×100; 30003-30004 without (Float) → uint32;
// holding 40001 Sensor Status (enum), 40101 High Level Threshold 70–100 → uint16 ×100; discrete inputs
// 10001/10002 for the two alarms (Boolean listed FALSE/TRUE: TRUE is still the true text).
// BACnet explicit AI0–AI2, AO0, MSV0, BI0–BI1 → auto AI3…AI5, AO1–AO2, BO0, MSV1–MSV2.
// ---------------------------------------------------------------------------------------------------------
const levelSensor: Seed = {
  file: '002_4c5fa36c7ec9b79b.txt',
  id: 'level-sensor',
  name: 'Level Sensor',
  localName: 'Capteur de niveau',
  declaredCounts: { sensor: 6, command: 4, status: 5 },
  sources: [
    { title: 'IEC 60770 Level Transmitters', url: 'https://webstore.iec.ch/' },
    { title: 'EN 61010 Safety Requirements', url: 'https://www.en-standard.eu/' },
  ],
  // biome-ignore format: one row per point
  sensors: [
    ['level',                'Level',                '%',   0,    100,    'periodic', 1000,    ['AI', 0, false], ['input', 0, '30001', 1, 'uint16', 100, false]],
    ['level-absolute',       'Level Absolute',       'm',   0,    20,     'periodic', 1000,    ['AI', 1, false], ['input', 1, '30002', 1, 'uint16', 100, false]],
    ['volume',               'Volume',               'L',   0,    100000, 'periodic', 60000,   ['AI', 2, false], ['input', 2, '30003', 2, 'uint32', 1, false]],
    ['level-rate-of-change', 'Level Rate of Change', '%/h', -100, 100,    'periodic', 300000,  ['AI', 3, true],  ['input', 500, '30501', 2, 'float32', 1, true]],
    ['sensor-temperature',   'Sensor Temperature',   '°C',  -40,  80,     'periodic', 60000,   ['AI', 4, true],  ['input', 502, '30503', 2, 'float32', 1, true]],
    ['operating-hours',      'Operating Hours',      'h',   0,    999999, 'periodic', 3600000, ['AI', 5, true],  ['input', 504, '30505', 2, 'float32', 1, true]],
  ],
  // biome-ignore format: one row per point
  commands: [
    ['high-level-threshold', 'High Level Threshold', 'number', '%',  70,   100,  null, null, null, null,    ['AO', 0, false], ['holding', 100, '40101', 1, 'uint16', 100, false]],
    ['low-level-threshold',  'Low Level Threshold',  'number', '%',  0,    30,   null, null, null, null,    ['AO', 1, true],  ['holding', 500, '40501', 2, 'float32', 1, true]],
    ['calibration-offset',   'Calibration Offset',   'number', 'mm', -100, 100,  null, null, null, null,    ['AO', 2, true],  ['holding', 502, '40503', 2, 'float32', 1, true]],
    ['reset-min-max',        'Reset Min/Max',        'action', null, null, null, null, null, null, 'RESET', ['BO', 0, true],  ['holding', 504, '40505', 1, 'bool', 1, true]],
  ],
  // biome-ignore format: one row per point
  status: [
    ['sensor-status',        'Sensor Status',        'enum', ['OK', 'WARNING', 'FAULT'], null, null, ['MSV', 0, false], ['holding', 0, '40001', 1, 'enum', 1, false]],
    ['high-level-alarm',     'High Level Alarm',     'bool', null,                       ...BOOL,    ['BI', 0, false],  ['discrete', 0, '10001', 1, 'bool', 1, false]],
    ['low-level-alarm',      'Low Level Alarm',      'bool', null,                       ...BOOL,    ['BI', 1, false],  ['discrete', 1, '10002', 1, 'bool', 1, false]],
    ['calibration-status',   'Calibration Status',   'enum', ['OK', 'REQUIRED'],         null, null, ['MSV', 1, true],  ['input', 506, '30507', 1, 'enum', 1, true]],
    ['communication-status', 'Communication Status', 'enum', ['OK', 'FAULT'],            null, null, ['MSV', 2, true],  ['input', 507, '30508', 1, 'enum', 1, true]],
  ],
};

// ---------------------------------------------------------------------------------------------------------
// 003 — DHW Tank (Ballon eau chaude sanitaire). No extra protocol columns.
// Explicit input 30001–30003 (temperatures 40–80, 30–60, 40–65 °C) → uint16 ×100; holding 40001 Tank
// Status and 40010 Legionella Status (enums), 40101 Temperature Setpoint 50–70 → uint16 ×100; coil 00001.
// BACnet explicit AI0–AI2, AO0, BO0, MSV0–MSV1 → auto AI3…AI9, BO1…BO3, MSV2…MSV5, BI0–BI1.
// ---------------------------------------------------------------------------------------------------------
const dhwTank: Seed = {
  file: '003_1e6af2e1a6113a44.txt',
  id: 'dhw-tank',
  name: 'DHW Tank',
  localName: 'Ballon eau chaude sanitaire',
  declaredCounts: { sensor: 10, command: 5, status: 8 },
  sources: [
    { title: 'EN 12897 Water Heaters', url: 'https://www.en-standard.eu/' },
    { title: 'Legionella Prevention Guidelines', url: 'https://www.who.int/' },
    { title: 'ASHRAE 90.1 Water Heating', url: 'https://www.ashrae.org/' },
  ],
  // biome-ignore format: one row per point
  sensors: [
    ['tank-top-temperature',    'Tank Top Temperature',    '°C',    40, 80,   'periodic', 30000,   ['AI', 0, false], ['input', 0, '30001', 1, 'uint16', 100, false]],
    ['tank-middle-temperature', 'Tank Middle Temperature', '°C',    40, 75,   'periodic', 30000,   ['AI', 3, true],  ['input', 500, '30501', 2, 'float32', 1, true]],
    ['tank-bottom-temperature', 'Tank Bottom Temperature', '°C',    30, 60,   'periodic', 30000,   ['AI', 1, false], ['input', 1, '30002', 1, 'uint16', 100, false]],
    ['supply-temperature',      'Supply Temperature',      '°C',    40, 65,   'periodic', 30000,   ['AI', 2, false], ['input', 2, '30003', 1, 'uint16', 100, false]],
    ['return-temperature',      'Return Temperature',      '°C',    35, 55,   'periodic', 30000,   ['AI', 4, true],  ['input', 502, '30503', 2, 'float32', 1, true]],
    ['flow-rate',               'Flow Rate',               'L/min', 0,  100,  'periodic', 10000,   ['AI', 5, true],  ['input', 504, '30505', 2, 'float32', 1, true]],
    ['tank-pressure',           'Tank Pressure',           'bar',   0,  10,   'periodic', 60000,   ['AI', 6, true],  ['input', 506, '30507', 2, 'float32', 1, true]],
    ['energy-stored',           'Energy Stored',           'kWh',   0,  500,  'periodic', 300000,  ['AI', 7, true],  ['input', 508, '30509', 2, 'float32', 1, true]],
    ['volume',                  'Volume',                  'L',     0,  5000, 'periodic', 3600000, ['AI', 8, true],  ['input', 510, '30511', 2, 'float32', 1, true]],
    ['heating-power',           'Heating Power',           'kW',    0,  50,   'periodic', 60000,   ['AI', 9, true],  ['input', 512, '30513', 2, 'float32', 1, true]],
  ],
  // biome-ignore format: one row per point
  commands: [
    ['temperature-setpoint', 'Temperature Setpoint', 'number', '°C', 50,   70,   null, null, null, null,      ['AO', 0, false], ['holding', 100, '40101', 1, 'uint16', 100, false]],
    ['heating-enable',       'Heating Enable',       'bool',   null, null, null, null, ...ENABLE,  null,      ['BO', 0, false], ['coil', 0, '00001', 1, 'bool', 1, false]],
    ['legionella-cycle',     'Legionella Cycle',     'action', null, null, null, null, null, null, 'TRIGGER', ['BO', 1, true],  ['holding', 500, '40501', 1, 'bool', 1, true]],
    ['eco-mode',             'Eco Mode',             'bool',   null, null, null, null, ...ENABLE,  null,      ['BO', 2, true],  ['holding', 501, '40502', 1, 'bool', 1, true]],
    ['schedule-enable',      'Schedule Enable',      'bool',   null, null, null, null, ...ENABLE,  null,      ['BO', 3, true],  ['holding', 502, '40503', 1, 'bool', 1, true]],
  ],
  // biome-ignore format: one row per point
  status: [
    ['tank-status',            'Tank Status',            'enum', ['HEATING', 'STANDBY', 'OFF', 'FAULT'], null, null, ['MSV', 0, false], ['holding', 0, '40001', 1, 'enum', 1, false]],
    ['heating-status',         'Heating Status',         'enum', ['OFF', 'PRIMARY', 'BACKUP'],           null, null, ['MSV', 2, true],  ['input', 514, '30515', 1, 'enum', 1, true]],
    ['legionella-status',      'Legionella Status',      'enum', ['OK', 'REQUIRED', 'IN_PROGRESS'],      null, null, ['MSV', 1, false], ['holding', 9, '40010', 1, 'enum', 1, false]],
    ['anode-status',           'Anode Status',           'enum', ['OK', 'WORN', 'REPLACE'],              null, null, ['MSV', 3, true],  ['input', 515, '30516', 1, 'enum', 1, true]],
    ['safety-valve-status',    'Safety Valve Status',    'enum', ['OK', 'OPEN', 'FAULT'],                null, null, ['MSV', 4, true],  ['input', 516, '30517', 1, 'enum', 1, true]],
    ['high-temperature-alarm', 'High Temperature Alarm', 'bool', null,                                   ...BOOL,    ['BI', 0, true],   ['input', 517, '30518', 1, 'bool', 1, true]],
    ['low-temperature-alarm',  'Low Temperature Alarm',  'bool', null,                                   ...BOOL,    ['BI', 1, true],   ['input', 518, '30519', 1, 'bool', 1, true]],
    ['communication-status',   'Communication Status',   'enum', ['OK', 'FAULT'],                        null, null, ['MSV', 5, true],  ['input', 519, '30520', 1, 'enum', 1, true]],
  ],
};

// ---------------------------------------------------------------------------------------------------------
// 004 — PIR Detector (Détecteur infrarouge passif). Extra column 'SIA Protocol' ('-' cells left out).
// Explicit input 30001 (0–100 %) → uint16 ×100, 30002 (−10…50 °C) → int16 ×100; holding 40001/40002
// enums; discrete inputs 10001/10002. ON/OFF commands are booleans with ON true.
// BACnet explicit AI0–AI1, MSV0–MSV1, BI0–BI1 → auto AI2–AI3, BO0–BO1, BI2, MSV2.
// ---------------------------------------------------------------------------------------------------------
const pirDetector: Seed = {
  file: '004_042fa72d7d19c28e.txt',
  id: 'pir-detector',
  name: 'PIR Detector',
  localName: 'Détecteur infrarouge passif',
  declaredCounts: { sensor: 4, command: 3, status: 5 },
  sources: [
    { title: 'EN 50131-2-2 Passive Infrared Detectors', url: 'https://www.en-standard.eu/' },
    { title: 'UL 639 Intrusion Detection Units', url: 'https://www.ul.com/' },
  ],
  // biome-ignore format: one row per point
  sensors: [
    ['signal-level',    'Signal Level',    '%',     0,   100,   'periodic', 100,     ['AI', 0, false], ['input', 0, '30001', 1, 'uint16', 100, false]],
    ['temperature',     'Temperature',     '°C',    -10, 50,    'periodic', 60000,   ['AI', 1, false], ['input', 1, '30002', 1, 'int16', 100, false]],
    ['detection-count', 'Detection Count', 'count', 0,   99999, 'onEvent',  null,    ['AI', 2, true],  ['input', 500, '30501', 2, 'float32', 1, true]],
    ['battery-level',   'Battery Level',   '%',     0,   100,   'periodic', 3600000, ['AI', 3, true],  ['input', 502, '30503', 2, 'float32', 1, true]],
  ],
  // biome-ignore format: one row per point
  commands: [
    ['sensitivity',  'Sensitivity',  'enum', null, null, null, ['LOW', 'MEDIUM', 'HIGH'], null, null,  null, ['MSV', 1, false], ['holding', 1, '40002', 1, 'enum', 1, false], { 'SIA Protocol': 'Config' }],
    ['pet-immunity', 'Pet Immunity', 'bool', null, null, null, null,                      'ON', 'OFF', null, ['BO', 0, true],   ['holding', 500, '40501', 1, 'bool', 1, true]],
    ['led-enable',   'LED Enable',   'bool', null, null, null, null,                      'ON', 'OFF', null, ['BO', 1, true],   ['holding', 501, '40502', 1, 'bool', 1, true]],
  ],
  // biome-ignore format: one row per point
  status: [
    ['detector-status',      'Detector Status',      'enum', ['OK', 'ALARM', 'FAULT'], null, null, ['MSV', 0, false], ['holding', 0, '40001', 1, 'enum', 1, false],  { 'SIA Protocol': 'Zone Status' }],
    ['alarm-status',         'Alarm Status',         'bool', null,                     ...BOOL,    ['BI', 0, false],  ['discrete', 0, '10001', 1, 'bool', 1, false], { 'SIA Protocol': 'Event BA' }],
    ['masked-status',        'Masked Status',        'bool', null,                     ...BOOL,    ['BI', 2, true],   ['input', 504, '30505', 1, 'bool', 1, true]],
    ['tamper-status',        'Tamper Status',        'bool', null,                     ...BOOL,    ['BI', 1, false],  ['discrete', 1, '10002', 1, 'bool', 1, false], { 'SIA Protocol': 'Event TA' }],
    ['communication-status', 'Communication Status', 'enum', ['OK', 'FAULT'],          null, null, ['MSV', 2, true],  ['input', 505, '30506', 1, 'enum', 1, true]],
  ],
};

const SEEDS: Seed[] = [parking, evCharger, levelSensor, dhwTank, pirDetector];

// ---------------------------------------------------------------------------------------------------------
// Turning rows into expected points, and points into the same comparable shape
// ---------------------------------------------------------------------------------------------------------

function bacnet([type, instance, auto]: Bn): BacnetAddress {
  return { type, instance, auto };
}

function modbus([table, address, reference, count, encoding, scale, auto]: Mb): ModbusAddress {
  return { table, address, reference, count, encoding, scale, auto };
}

function expectedPoints(seed: Seed): ExpectedPoint[] {
  const sensors = seed.sensors.map(
    ([id, name, unit, min, max, update, intervalMs, bn, mb, protocols = {}]): ExpectedPoint => ({
      id,
      name,
      kind: 'sensor',
      type: 'number',
      unit,
      min,
      max,
      enum: null,
      trueText: null,
      falseText: null,
      action: null,
      writeRole: null,
      update,
      intervalMs,
      addresses: { bacnet: bacnet(bn), modbus: modbus(mb) },
      protocols,
    }),
  );
  const commands = seed.commands.map(
    ([
      id,
      name,
      type,
      unit,
      min,
      max,
      values,
      trueText,
      falseText,
      action,
      bn,
      mb,
      protocols = {},
    ]): ExpectedPoint => ({
      id,
      name,
      kind: 'command',
      type,
      unit,
      min,
      max,
      enum: values,
      trueText,
      falseText,
      action,
      // A backup or a report reaches into the server's stored data: an admin's; every other command an operator's.
      writeRole: action === 'BACKUP' || action === 'GENERATE' ? 'admin' : 'operator',
      update: 'onEvent',
      intervalMs: null,
      addresses: { bacnet: bacnet(bn), modbus: modbus(mb) },
      protocols,
    }),
  );
  const status = seed.status.map(
    ([id, name, type, values, trueText, falseText, bn, mb, protocols = {}]): ExpectedPoint => ({
      id,
      name,
      kind: 'status',
      type,
      unit: null,
      min: null,
      max: null,
      enum: values,
      trueText,
      falseText,
      action: null,
      writeRole: null,
      update: 'onEvent',
      intervalMs: null,
      addresses: { bacnet: bacnet(bn), modbus: modbus(mb) },
      protocols,
    }),
  );
  return [...sensors, ...commands, ...status];
}

/** The fields under test, copied from a parsed point (its addresses reduced to the model's own fields). */
function comparable(point: Point): ExpectedPoint {
  return {
    id: point.id,
    name: point.name,
    kind: point.kind,
    type: point.type,
    unit: point.unit,
    min: point.min,
    max: point.max,
    enum: point.enum,
    trueText: point.trueText,
    falseText: point.falseText,
    action: point.action,
    writeRole: point.writeRole,
    update: point.update,
    intervalMs: point.intervalMs,
    // The model's own fields only, in the canonical order (bacnet, then modbus).
    addresses: (() => {
      const b = bacnetAddressOf(point);
      const m = modbusAddressOf(point);
      return {
        bacnet: bacnet([b.type, b.instance, b.auto]),
        modbus: modbus([m.table, m.address, m.reference, m.count, m.encoding, m.scale, m.auto]),
      };
    })(),
    protocols: point.protocols,
  };
}

function parseSeed(file: string) {
  const text = readFileSync(new URL(`../../profiles/${file}`, import.meta.url), 'utf8');
  return parsePointsList(text, `profiles/${file}`, PROTOCOLS);
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

for (const seed of SEEDS) {
  describe(`seed ${seed.file} (${seed.name})`, () => {
    const result = parseSeed(seed.file);
    const profile = result.profile as Profile;
    const expected = expectedPoints(seed);

    test('parses with no errors and no warnings', () => {
      const messages = result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.severity}: ${d.message}`);
      assert.deepEqual(messages, []);
      assert.ok(result.profile, 'a profile is returned');
    });

    test('profile header: id, name, local name, declared counts, sources', () => {
      assert.equal(profile.id, seed.id);
      assert.equal(profile.name, seed.name);
      assert.equal(profile.localName, seed.localName);
      assert.deepEqual(profile.declaredCounts, seed.declaredCounts);
      assert.deepEqual(
        profile.sources.map((s) => ({ title: s.title, url: s.url })),
        seed.sources,
      );
    });

    test('the declared counts match the hand-written tables', () => {
      assert.equal(seed.sensors.length, seed.declaredCounts.sensor);
      assert.equal(seed.commands.length, seed.declaredCounts.command);
      assert.equal(seed.status.length, seed.declaredCounts.status);
    });

    test('points in document order (sensors, commands, status)', () => {
      assert.deepEqual(
        profile.points.map((p) => `${p.kind}:${p.id}`),
        expected.map((p) => `${p.kind}:${p.id}`),
      );
    });

    for (const [index, want] of expected.entries()) {
      test(`point ${index + 1}: ${want.name}`, () => {
        const got = profile.points.find((p) => p.id === want.id) ?? profile.points[index];
        assert.ok(got, `point ${want.id} exists`);
        assert.deepEqual(comparable(got), want);
      });
    }
  });
}

// The configuration keys this charge point knows (OCPP 1.6 section 9): default, whether the CSMS may change
// them, how a new value is checked, and whether it takes effect only after a reboot.

import { MEASURANDS } from './host.js';

export interface KeyDefinition {
  value: string;
  readonly?: boolean;
  /** Whether a value is acceptable for the key (a change to anything else is Rejected). */
  check?: (value: string) => boolean;
  /** A change is kept but takes effect at the next boot (ChangeConfiguration answers RebootRequired). */
  rebootRequired?: boolean;
}

const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (v: string): boolean =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const boolean = (v: string): boolean => v === 'true' || v === 'false';
/** A comma-separated list of measurands this charger measures (possibly empty). */
const measurands = (v: string): boolean =>
  v === '' || v.split(',').every((m) => (MEASURANDS as readonly string[]).includes(m.trim()));

export const MAX_STACK_LEVEL = 10;
export const MAX_PERIODS = 24;
export const MAX_PROFILES = 10;
export const LOCAL_LIST_MAX = 1000;
export const SEND_LOCAL_LIST_MAX = 100;

export const CONFIGURATION_KEYS: Record<string, KeyDefinition> = {
  AuthorizeRemoteTxRequests: { value: 'true', check: boolean },
  ClockAlignedDataInterval: { value: '0', check: integer(0, 86_400) },
  ConnectionTimeOut: { value: '60', check: integer(1, 3600) },
  GetConfigurationMaxKeys: { value: '50', readonly: true },
  HeartbeatInterval: { value: '300', check: integer(0, 86_400) },
  LocalAuthorizeOffline: { value: 'true', check: boolean },
  LocalPreAuthorize: { value: 'false', check: boolean },
  MeterValuesAlignedData: { value: 'Energy.Active.Import.Register', check: measurands },
  MeterValuesSampledData: {
    value: 'Energy.Active.Import.Register,Power.Active.Import,Current.Import',
    check: measurands,
  },
  MeterValueSampleInterval: { value: '60', check: integer(0, 86_400) },
  NumberOfConnectors: { value: '1', readonly: true },
  ResetRetries: { value: '1', check: integer(0, 10) },
  StopTransactionOnEVSideDisconnect: { value: 'true', check: boolean },
  StopTransactionOnInvalidId: { value: 'true', check: boolean },
  StopTxnAlignedData: { value: '', check: measurands },
  StopTxnSampledData: { value: 'Energy.Active.Import.Register', check: measurands },
  SupportedFeatureProfiles: {
    value: 'Core,LocalAuthListManagement,RemoteTrigger,SmartCharging',
    readonly: true,
  },
  TransactionMessageAttempts: { value: '3', check: integer(1, 100) },
  TransactionMessageRetryInterval: { value: '60', check: integer(0, 86_400) },
  UnlockConnectorOnEVSideDisconnect: { value: 'true', check: boolean },
  WebSocketPingInterval: { value: '0', check: integer(0, 3600), rebootRequired: true },
  LocalAuthListEnabled: { value: 'true', check: boolean },
  LocalAuthListMaxLength: { value: String(LOCAL_LIST_MAX), readonly: true },
  SendLocalListMaxLength: { value: String(SEND_LOCAL_LIST_MAX), readonly: true },
  ChargeProfileMaxStackLevel: { value: String(MAX_STACK_LEVEL), readonly: true },
  ChargingScheduleAllowedChargingRateUnit: { value: 'Current,Power', readonly: true },
  ChargingScheduleMaxPeriods: { value: String(MAX_PERIODS), readonly: true },
  MaxChargingProfilesInstalled: { value: String(MAX_PROFILES), readonly: true },
};

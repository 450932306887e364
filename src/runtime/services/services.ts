// What a protocol sees of a running site: the narrow facade every protocol server and op is given instead of
// the runtime's insides. Points are read and followed here, every change goes through `writes` or `history`
// (each audited), and the trails (alarms, events, audit) are read here. Through it a protocol reaches neither
// the store nor a behaviour; `createServices` (create.ts) builds it over a Runtime and its store.

import type { Logins } from '../../auth/logins.js';
import type { Clock } from '../../core/clock.js';
import type { Site } from '../../site/model.js';
import type { AlarmReportsStore } from '../../store/alarm-reports.js';
import type { ChargingStore } from '../../store/charging.js';
import type { OutboxStore } from '../../store/outbox.js';
import type { AlarmsService } from './alarms.js';
import type { ChargingBackendSlot } from './charging-backend.js';
import type { ClusterSlot } from './cluster-view.js';
import type { DevicesService } from './devices.js';
import type { FaultsService } from './faults.js';
import type { HistoryService } from './history.js';
import type { OwnerCalls } from './owner-calls.js';
import type { OwnershipService } from './ownership.js';
import type { PointsService } from './points.js';
import type { RolesService } from './roles.js';
import type { SimulationService } from './simulation.js';
import type { TrailsService } from './trails.js';
import type { UsersService } from './users.js';
import type { WritesService } from './writes.js';

export interface Services {
  /** The site model: devices, their profiles and points, the site's zone. */
  readonly site: Site;
  /** The site's clock (real, accelerated or virtual): protocols schedule their own timers on it. */
  readonly clock: Clock;
  /** Current values, statuses and what is in force; change subscription. */
  readonly points: PointsService;
  /** What is known of a device beyond its points: the status of the connector that reads a real one. */
  readonly devices: DevicesService;
  /** The one write path: validate, arbitrate, commit, audit, then answer. */
  readonly writes: WritesService;
  /** History read, and written through an audited path. */
  readonly history: HistoryService;
  readonly alarms: AlarmsService;
  /** Device events and the audit trail, newest first. */
  readonly events: TrailsService['events'];
  readonly audit: TrailsService['audit'];
  /** The faults each device models: listed, injected, cleared. */
  readonly faults: FaultsService;
  readonly users: UsersService;
  /**
   * The site's one login path (throttle, audit, Security Alert), shared by every protocol that logs users in
   * (Haystack's SCRAM, the MQTT broker's CONNECT), so that failures over one slow down guesses over another.
   */
  readonly logins: Logins;
  /** The simulated devices as their protocol agents see them: requests, signals, live events. */
  readonly simulation: SimulationService;
  /** The charging back end's id tags and transactions (the central system keeps them). */
  readonly charging: ChargingStore;
  /** The simulated charge points' durable outbox and state (transaction messages waiting for their back end). */
  readonly outbox: OutboxStore;
  /** Intrusion-alarm reports: the transmitter's durable queue per account, the receiver's log and last-seen times. */
  readonly alarmReports: AlarmReportsStore;
  /** The charging back end running now (a central system attaches itself): connected charge points, calls. */
  readonly chargingBackend: ChargingBackendSlot;
  /** The cluster of nodes sharing the site, when this node is one of them (cluster-view.ts). */
  readonly cluster: ClusterSlot;
  /** Which devices this node runs (alone: all), and when that changes (ownership.ts). */
  readonly ownership: OwnershipService;
  /** Calls run on the node that runs a device, wherever they are made (owner-calls.ts). */
  readonly ownerCalls: OwnerCalls;
  /** The node-wide roles one node of a cluster plays at a time (alone: every one) (roles.ts). */
  readonly roles: RolesService;
}

export type { Logins, PasswordLogin } from '../../auth/logins.js';
// The types a protocol needs to speak to the facade, from one place.
export type { Logger } from '../../core/logger.js';
export type { PointStatus } from '../../core/point-status.js';
export type { Value } from '../../core/value.js';
export type { Point } from '../../points/model.js';
export type { WriteError, WriteErrorCode } from '../../points/write-validation.js';
export type {
  AccountQueue,
  AlarmReportsStore,
  Attempt,
  AttemptOutcome,
  DeliveredFilter,
  DeliveredReport,
  LoggedReport,
  OutgoingReport,
  QueuedReport,
  ReceivedFilter,
  ReceivedReport,
  ReceiverAttempts,
  RecordResult,
  RetentionCut,
} from '../../store/alarm-reports.js';
export { DUPLICATE_WINDOW_MS } from '../../store/alarm-reports.js';
export type {
  ChargingStore,
  ChargingTransaction,
  IdTag,
  IdTagStatus,
  TransactionMeterValue,
} from '../../store/charging.js';
export type {
  Alarm,
  AlarmFilter,
  AlarmSeverity,
  AuditFilter,
  AuditRecord,
  EventFilter,
  Role,
  Sample,
  SiteEvent,
  User,
} from '../../store/store.js';
export type { ReportedCondition } from '../alarm-monitor.js';
export type { PointChange, PointEntry, PointState } from '../point-store.js';
export type { WriteRequest, WriteResult } from '../write-path.js';
export { OPERATOR_LEVELS } from '../write-permission.js';
export type { Actor } from './actor.js';
export type { AckResult, AlarmsService } from './alarms.js';
export type { ChargePointMessage, ChargingBackend } from './charging-backend.js';
export type {
  ClusterDeviceLease,
  ClusterNodeState,
  ClusterSnapshot,
  ClusterView,
} from './cluster-view.js';
export { CovFilter, defaultIncrement } from './cov-filter.js';
export type { ConnectorStatus, DevicesService } from './devices.js';
export type { FaultState, FaultsService } from './faults.js';
export type { HistoryRefusal, HistoryService, HistoryWrite, HistoryWriteResult } from './history.js';
export type { ChangeListener, ChangeOptions, ChangeSubscription, PointsService } from './points.js';
export type { DeviceEventListener, SimulationService } from './simulation.js';
export type { UsersService } from './users.js';
export type { WriteErrorMap } from './write-errors.js';
export type { PriorityView, WritesService } from './writes.js';

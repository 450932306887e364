// The SIA DC-09 library: frame codec, the receiver's checks, the receiver server and its store sink, and the
// transmitter (its plug-in is plugin.ts).
export { AES_KEY_BYTES, isValidKey, keyFromHex, type RandomBytes } from './codec/aes.js';
export {
  type ContactIdEvent,
  contactIdToSia,
  formatContactId,
  parseContactId,
} from './codec/contact-id.js';
export { crc16Arc, crcField, lengthField, MAX_MESSAGE_LENGTH } from './codec/crc.js';
export {
  type DecodeResult,
  decodeFrame,
  type EncodeOptions,
  type ExtendedData,
  encodeFrame,
  type FrameError,
  type FrameErrorKind,
  type KeyLookup,
  SIA_TOKENS,
  type SiaFrame,
  type SiaHeader,
  type SiaToken,
} from './codec/frame.js';
export { SIA_CODES, type SiaCode, siaCode } from './codec/sia-codes.js';
export { formatSiaDcs, parseSiaDcs, type SiaDcsEvent } from './codec/sia-dcs.js';
export { formatTimestamp, parseTimestamp } from './codec/timestamp.js';
export {
  type CheckInput,
  type CheckOutcome,
  type CheckReason,
  checkFrame,
  DEFAULT_WINDOW,
  nakReply,
  type ReceivedEvent,
  type ReceiverAccount,
  type ReceiverSettings,
  type TimestampWindow,
} from './receiver/checks.js';
export { FrameSplitter, MAX_FRAME_BYTES } from './receiver/frame-splitter.js';
export {
  type ReceiverServer,
  type ReceiverServerOptions,
  startReceiverServer,
} from './receiver/receiver-server.js';
export { type AccountStats, type AnswerCounts, ReceiverStats } from './receiver/receiver-stats.js';
export {
  type AlarmReport,
  DUPLICATE_WINDOW_MS,
  MemoryReportSink,
  type RecordResult,
  type ReportSink,
  reportKey,
} from './receiver/report-sink.js';
export { StoreReportSink } from './receiver/store-report-sink.js';
export { startTransmitter, type Transmitter, type TransmitterStatus } from './transmitter/transmitter.js';
export {
  type ReceiverTarget,
  type TransmitterSettings,
  transmitterSettings,
} from './transmitter/transmitter-settings.js';

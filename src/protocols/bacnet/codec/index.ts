// The BACnet/IP wire codec: pure encoders and decoders, no sockets. Decoders return a Decoded result
// and never throw; encoders throw a RangeError on values the standard cannot encode.
export * from './apdu.js';
export * from './bit-strings.js';
export * from './bvlc.js';
export * from './enums.js';
export * from './frame.js';
export * from './network-messages.js';
export * from './npdu.js';
export * from './property-value.js';
export * from './result.js';
export * from './services/cov-notification.js';
export * from './services/dispatch.js';
export * from './services/error.js';
export * from './services/i-am.js';
export * from './services/i-have.js';
export * from './services/property-reference.js';
export * from './services/read-property.js';
export * from './services/read-property-multiple.js';
export * from './services/subscribe-cov.js';
export * from './services/subscribe-cov-property.js';
export * from './services/time-synchronization.js';
export * from './services/who-has.js';
export * from './services/who-is.js';
export * from './services/write-property.js';
export * from './services/write-property-multiple.js';
export * from './tags.js';
export * from './values.js';

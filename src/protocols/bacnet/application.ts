// The boundary between BACnet's network side (router, transactions, segmentation: `server-service.ts`,
// `router.ts`, `transactions.ts`) and its application side (the objects of a site's devices and the
// services that read, write and subscribe to them: `objects/`, `handlers/`). The network side decodes a
// request with the codec, finds the device it is addressed to, asks the application, and encodes the
// answer (segmenting a large ComplexACK); the application never sees a datagram.

import type { ConfirmedRequest, UnconfirmedRequest } from './codec/index.js';

/** A device as BACnet clients find it: one per device of the site, each with its own Device object. */
export interface BacnetDevice {
  /** The site's device id (`Device.id`). */
  readonly id: string;
  /** Its Device object instance (`device.numbers.bacnet`). */
  readonly instance: number;
  /** Object_Name of its Device object. */
  readonly name: string;
  /** Vendor_Identifier announced in I-Am. */
  readonly vendorId: number;
  /** Max_APDU_Length_Accepted announced in I-Am (octets). */
  readonly maxApdu: number;
  /** Segmentation_Supported announced in I-Am (BACnetSegmentation: 0 both … 3 none). */
  readonly segmentation: number;
}

/** Who sent a request: for COV subscriptions (their notifications go back there) and for logs. */
export interface BacnetPeer {
  /** `address:port` of the BACnet/IP datagram's sender. */
  readonly address: string;
  /** The routed source (SNET/SADR) when the request came through a router, else null. */
  readonly routedFrom: { readonly network: number; readonly mac: Uint8Array } | null;
}

/** The answer to a confirmed request, before the network side encodes it. */
export type ConfirmedAnswer =
  /** SimpleACK. */
  | { readonly kind: 'simple-ack' }
  /** ComplexACK with its service body (the network side segments it when it is too large for one APDU). */
  | { readonly kind: 'complex-ack'; readonly body: Uint8Array }
  /**
   * Error PDU: class and code (BACnetErrorClass, BACnetErrorCode); `why` for the log line; `body` the
   * service's own error body when it has one (WritePropertyMultiple-Error), else the plain class and code.
   */
  | {
      readonly kind: 'error';
      readonly errorClass: number;
      readonly errorCode: number;
      readonly why: string;
      readonly body?: Uint8Array;
    }
  /** Reject PDU (BACnetRejectReason). */
  | { readonly kind: 'reject'; readonly reason: number; readonly why: string }
  /** Abort PDU (BACnetAbortReason). */
  | { readonly kind: 'abort'; readonly reason: number; readonly why: string };

/** An unconfirmed request the application sends in answer (I-Have), broadcast by the network side. */
export interface UnconfirmedAnswer {
  /** Its service choice (BACnetUnconfirmedServiceChoice). */
  readonly service: number;
  /** Its encoded service body. */
  readonly body: Uint8Array;
}

/** The application side, as the network side calls it. */
export interface BacnetApplication {
  /** Every device, in site order (the network side answers Who-Is for each, behind the router or not). */
  devices(): readonly BacnetDevice[];
  /** A confirmed request decoded by the codec, for one device. */
  confirmed(device: BacnetDevice, request: ConfirmedRequest, peer: BacnetPeer): Promise<ConfirmedAnswer>;
  /**
   * An unconfirmed request other than Who-Is (which the network side answers itself): Who-Has answers with
   * I-Have, TimeSynchronization is accepted and ignored (no answer).
   */
  unconfirmed(
    device: BacnetDevice,
    request: UnconfirmedRequest,
    peer: BacnetPeer,
  ): readonly UnconfirmedAnswer[];
  /** Stops what the application runs on its own (its COV subscriptions); called when the server stops. */
  close?(): void;
}

/** What the application sends on its own (COV notifications), through the network side. */
export interface BacnetOutbound {
  /** An unconfirmed request from `from` to one peer (UnconfirmedCOVNotification). */
  unconfirmed(from: BacnetDevice, to: BacnetPeer, request: UnconfirmedAnswer): void;
  /**
   * A confirmed request from `from` to one peer (ConfirmedCOVNotification): resolves true when the peer
   * acknowledged it, false on an error, a reject, an abort or no answer after the retries.
   */
  confirmed(from: BacnetDevice, to: BacnetPeer, service: number, body: Uint8Array): Promise<boolean>;
}

/** Builds the application of a running site; the network side gives it its outbound port. */
export type BacnetApplicationFactory<S> = (services: S, outbound: BacnetOutbound) => BacnetApplication;

// The BACnet application side over the services facade: the objects of the site's devices and the services
// on them (ReadProperty, ReadPropertyMultiple, WriteProperty, WritePropertyMultiple, SubscribeCOV,
// SubscribeCOVProperty, Who-Has, TimeSynchronization). The network side calls it with decoded requests.
import type { Role, Services } from '../../runtime/services/services.js';
import type {
  BacnetApplication,
  BacnetApplicationFactory,
  BacnetDevice,
  BacnetOutbound,
  BacnetPeer,
  ConfirmedAnswer,
  UnconfirmedAnswer,
} from './application.js';
import { BACNET_DEFAULTS, bacnetSettings } from './bacnet-settings.js';
import { type ConfirmedRequest, ErrorClass, ErrorCode, type UnconfirmedRequest } from './codec/index.js';
import { type CovLimits, CovSubscriptions, DEFAULT_COV_LIMITS } from './cov-subscriptions.js';
import { unrecognizedService } from './handlers/answers.js';
import { readProperty } from './handlers/read-property.js';
import { readPropertyMultiple } from './handlers/read-property-multiple.js';
import { subscribeCov } from './handlers/subscribe-cov.js';
import { whoHas } from './handlers/who-has.js';
import type { Writer } from './handlers/write-plan.js';
import { writeProperty, writePropertyMultiple } from './handlers/write-property.js';
import { buildDeviceObjects, type DeviceObjects } from './objects/device-objects.js';
import { readContext } from './objects/read-context.js';

export interface BacnetApplicationOptions {
  /** The role every BACnet write is made with (default operator). */
  role?: Role;
  /** Vendor_Identifier and Vendor_Name of every device (defaults: BACNET_DEFAULTS, bacnet-settings.ts). */
  vendorId?: number;
  vendorName?: string;
  covLimits?: CovLimits;
}

/** The application, and how to stop it (its COV subscriptions' change feeds). */
export interface BacnetApplicationHandle extends BacnetApplication {
  /** Ends every COV subscription; answers after that are undefined. */
  close(): void;
  /** COV subscriptions in force. */
  readonly covSubscriptions: number;
}

/**
 * `role`, `vendorId` and `vendorName` of the site file's `server.bacnet`, read by the one settings reader
 * (bacnet-settings.ts; the server refuses to start on a bad value, so what is read here is valid).
 */
export function applicationOptionsOf(site: Services['site']): BacnetApplicationOptions {
  const { settings } = bacnetSettings(site, {});
  if (!settings.enabled) return {};
  return { role: settings.role, vendorId: settings.vendorId, vendorName: settings.vendorName };
}

function remoteOf(peer: BacnetPeer): string {
  if (!peer.routedFrom) return peer.address;
  return `${peer.address} (network ${peer.routedFrom.network}, ${Buffer.from(peer.routedFrom.mac).toString('hex')})`;
}

/** Who writes, for the audit: made for writes only (reads are most requests). */
function writerOf(role: Role, peer: BacnetPeer): Writer {
  return { who: 'bacnet', role, remote: remoteOf(peer) };
}

export function createBacnetApplicationWith(
  services: Services,
  outbound: BacnetOutbound,
  options: BacnetApplicationOptions = {},
): BacnetApplicationHandle {
  const role: Role = options.role ?? 'operator';
  const all = buildDeviceObjects(services.site, services.points, {
    vendorId: options.vendorId ?? BACNET_DEFAULTS.vendorId,
    vendorName: options.vendorName ?? BACNET_DEFAULTS.vendorName,
  });
  const byInstance = new Map<number, DeviceObjects>(all.map((d) => [d.bacnet.instance, d]));
  const devices: readonly BacnetDevice[] = all.map((d) => d.bacnet);
  const cov = new CovSubscriptions(services, outbound, options.covLimits ?? DEFAULT_COV_LIMITS);

  const objectsOf = (device: BacnetDevice): DeviceObjects | undefined => byInstance.get(device.instance);

  async function answer(
    d: DeviceObjects,
    request: ConfirmedRequest,
    peer: BacnetPeer,
  ): Promise<ConfirmedAnswer> {
    const ctx = readContext(services);
    switch (request.service) {
      case 'read-property':
        return readProperty(d, request.request, ctx);
      case 'read-property-multiple':
        return readPropertyMultiple(d, request.request, ctx);
      case 'write-property':
        return writeProperty(d, request.request, ctx, services.writes, writerOf(role, peer));
      case 'write-property-multiple':
        return writePropertyMultiple(d, request.request, ctx, services.writes, writerOf(role, peer));
      case 'subscribe-cov':
      case 'subscribe-cov-property':
        return subscribeCov(d, request.request, peer, cov);
      default:
        return unrecognizedService(`${request.service} is not a service these devices execute`);
    }
  }

  return {
    devices: () => devices,
    async confirmed(device, request, peer) {
      const d = objectsOf(device);
      if (!d)
        return {
          kind: 'error',
          errorClass: ErrorClass.OBJECT,
          errorCode: ErrorCode.UNKNOWN_OBJECT,
          why: `no device ${device.instance}`,
        };
      cov.sweep();
      try {
        return await answer(d, request, peer);
      } catch (err) {
        // Never thrown at the network side: a failure of ours is the device's error, with its reason logged there.
        const why = `${request.service} failed: ${err instanceof Error ? err.message : String(err)}`;
        return { kind: 'error', errorClass: ErrorClass.DEVICE, errorCode: ErrorCode.OTHER, why };
      }
    },
    unconfirmed(device, request: UnconfirmedRequest, _peer): readonly UnconfirmedAnswer[] {
      const d = objectsOf(device);
      if (!d) return [];
      if (request.service === 'who-has') return whoHas(d, request.request);
      // TimeSynchronization and UTCTimeSynchronization are accepted and ignored: the site's clock is its own.
      return [];
    },
    close: () => cov.close(),
    get covSubscriptions() {
      return cov.size;
    },
  };
}

/** The application of a running site, with the role and vendor identifier of its `server.bacnet`. */
export const createBacnetApplication: BacnetApplicationFactory<Services> = (services, outbound) =>
  createBacnetApplicationWith(services, outbound, applicationOptionsOf(services.site));

// Who may do what on the embedded broker. A client logs in with a Pointyard user's name and password (checked
// by the site's one login path: throttle, audit, Security Alert); one without credentials is anonymous, let in
// read-only or refused (`anonymous: read | none`). Publishing is a command: only operators and admins may;
// MQTT 3.1.1 has no way to refuse one PUBLISH, so the broker logs it and disconnects the client. Pointyard's own
// connection logs in with a random per-start secret of its own.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Client } from 'aedes';
import type { Logger, Logins, Role } from '../../../runtime/services/services.js';
import type { Anonymous } from '../mqtt-settings.js';

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3). */
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

/** Who a connected client is: a Pointyard user, anonymous, or Pointyard's own connection. */
export type Identity =
  | { kind: 'user'; name: string; role: Role }
  | { kind: 'anonymous' }
  | { kind: 'pointyard' };

/** The audit trail's `via` of broker logins. */
const VIA = 'mqtt';

type AuthError = Error & { returnCode: number };

function refusal(returnCode: number, message: string): AuthError {
  return Object.assign(new Error(message), { returnCode });
}

export function remoteOf(client: Client): string {
  const conn = client.conn as unknown as { remoteAddress?: string } | undefined;
  return conn?.remoteAddress ?? 'unknown';
}

export class BrokerAccess {
  /** The credentials of Pointyard's own connection to this broker (new at every start). */
  readonly own = { username: '$pointyard', password: randomBytes(24).toString('base64url') };
  private readonly identities = new WeakMap<Client, Identity>();
  /** Counters for the status. */
  refusedLogins = 0;
  refusedPublishes = 0;

  constructor(
    private readonly logins: Pick<Logins, 'checkPassword'>,
    private readonly anonymous: Anonymous,
    private readonly log: Logger,
  ) {}

  identity(client: Client): Identity | null {
    return this.identities.get(client) ?? null;
  }

  /** aedes' `authenticate`: CONNACK 0, 4 (bad name or password) or 5 (not authorized). */
  authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthError | null, success: boolean | null) => void,
  ): void => {
    void this.check(client, username, password).then(
      (identity) => {
        this.identities.set(client, identity);
        done(null, true);
      },
      (err: Error) => {
        const returnCode = (err as Partial<AuthError>).returnCode ?? SERVER_UNAVAILABLE;
        if (returnCode === SERVER_UNAVAILABLE)
          this.log.error({ err, remote: remoteOf(client) }, 'MQTT login not checked: the store failed');
        this.refusedLogins++;
        done(refusal(returnCode, err.message), false);
      },
    );
  };

  /** aedes' `authorizePublish`: Pointyard itself, operators and admins; anyone else is disconnected. */
  authorizePublish = (client: Client | null, packet: { topic: string }, done: (e?: Error | null) => void) => {
    if (client === null) return done(null); // the broker's own messages
    const identity = this.identities.get(client);
    if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS topics are reserved'));
    if (identity?.kind === 'pointyard') return done(null);
    if (identity?.kind === 'user' && (identity.role === 'operator' || identity.role === 'admin'))
      return done(null);
    this.refusedPublishes++;
    const who = identity?.kind === 'user' ? { user: identity.name, role: identity.role } : { user: null };
    this.log.warn(
      { ...who, clientId: client.id, remote: remoteOf(client), topic: packet.topic },
      'MQTT publish refused (needs an operator or admin login): client disconnected',
    );
    done(new Error('publishing needs an operator or admin login'));
  };

  private async check(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<Identity> {
    if (username === undefined || username === '') {
      if (this.anonymous === 'read' && password === undefined) return { kind: 'anonymous' };
      this.log.warn(
        { clientId: client.id, remote: remoteOf(client) },
        'MQTT client without a user name refused (anonymous: none)',
      );
      throw refusal(NOT_AUTHORIZED, 'not authorized');
    }
    const given = password ?? Buffer.alloc(0);
    if (username === this.own.username) {
      const own = Buffer.from(this.own.password);
      if (given.length === own.length && timingSafeEqual(given, own)) return { kind: 'pointyard' };
      throw refusal(BAD_USERNAME_OR_PASSWORD, 'bad user name or password');
    }
    const login = await this.logins.checkPassword({
      name: username,
      password: given.toString('utf8'),
      address: remoteOf(client),
      via: VIA,
    });
    if (login.ok) return { kind: 'user', name: login.user.name, role: login.user.role };
    // Throttled: refused without a check (logged and audited by the login path).
    if (login.reason === 'throttled') throw refusal(NOT_AUTHORIZED, 'too many failed logins');
    throw refusal(BAD_USERNAME_OR_PASSWORD, 'bad user name or password');
  }
}

// Site files for the OCPP tests between whole Pointyards: a car park whose only charger is a charge point of
// another CSMS (a car arriving within seconds, its driver's card known to that CSMS), and a car park that
// runs the CSMS.

/** The charger's device id, hence its charge point id. */
export const CHARGER = 'ev-b';
/** The card its driver presents. */
export const CARD = 'CARD-B1';

/**
 * A site whose charger reports to the CSMS at `url`, with the Basic password in the environment variable
 * `passwordEnv`. Its cars come from its own arrival profile: 500 a day, all in the hours from now (UTC) to
 * two hours later, so one arrives within seconds of clock time; its driver presents the card a minute or
 * so later (by then the charge point has booted: the card goes to the CSMS as Authorize); each car stays
 * 11 h (so no second one comes while it is there) and wants at least 45 kWh (so its session runs until a
 * stop).
 */
export function chargerSite(url: string, passwordEnv: string, sampleIntervalS: number, now = Date.now()) {
  const hour = new Date(now).getUTCHours();
  const weights = Array.from({ length: 24 }, (_, h) => ((h - hour + 24) % 24 <= 2 ? 1 : 0));
  return `
site: { id: yard-b, name: Yard B, tz: UTC }
devices:
  - id: ${CHARGER}
    profile: ev-charger-level-2
    parameters:
      randomFaults: false
      arrivalProfile: [${weights.join(', ')}]
      arrivalsPerDay: 500
      rfidDelayMinS: 60
      rfidDelayMaxS: 90
      rfidFailureRate: 0
      idTags: [${CARD}]
      dwellMinH: 11
      dwellMaxH: 11.5
      sessionEnergyKwh: 50
      sessionEnergyMinKwh: 45
server:
  ocpp:
    enabled: false
    chargers: { url: "${url}", passwordEnv: ${passwordEnv}, meterValueSampleInterval: ${sampleIntervalS} }
`;
}

/** A car park running the CSMS: the charge point `CHARGER` known by the password hash given, `CARD` listed. */
export function csmsSite(passwordHash: string) {
  return `
site: { id: yard-a, name: Yard A, tz: UTC }
devices:
  - id: parking-server
    profile: parking-management-server
server:
  ocpp:
    chargePoints:
      ${CHARGER}: { password: "${passwordHash}" }
    idTags: [${CARD}]
    chargers: { enabled: false }
`;
}

// Tank pressure from thermal expansion into a pre-charged expansion vessel, and the safety valve that
// relieves it. The tank is filled with cold water at network pressure behind a non-return valve; water that
// expands as it warms compresses the vessel's gas (Boyle: p·V constant); water that contracts is replaced
// from the network, so the pressure never falls below network pressure.

/** Density of water at atmospheric pressure, kg/m³ (Kell 1975, valid 0–150 °C). */
export function waterDensity(t: number): number {
  const numerator =
    999.83952 +
    t * (16.945176 + t * (-7.9870401e-3 + t * (-46.170461e-6 + t * (105.56302e-9 + t * -280.54253e-12))));
  return numerator / (1 + 16.87985e-3 * t);
}

export interface Vessel {
  /** Gauge pressure of the network, bar. */
  networkBar: number;
  /** Gas volume in the vessel at network pressure (after filling), L. */
  gasAtNetworkL: number;
}

/** The vessel's gas volume once the tank is filled: pre-charge at `prechargeBar` compressed to network. */
export function vessel(vesselL: number, prechargeBar: number, networkBar: number): Vessel {
  return { networkBar, gasAtNetworkL: (vesselL * (prechargeBar + 1)) / (networkBar + 1) };
}

/**
 * Volume the water gained since it was filled cold, L (negative when colder than the fill), for water of
 * density `fillDensity` (kg/m³) when filled.
 */
export function expansionL(volumeL: number, fillDensity: number, meanC: number): number {
  return volumeL * (fillDensity / waterDensity(meanC) - 1);
}

/**
 * Gauge pressure, bar, with `excessL` of expansion pushed into a vessel holding `gasL` of gas at network
 * pressure. The gas is never squeezed below 2 % of its volume (a hydraulic lock, which the safety valve's
 * full lift prevents long before).
 */
export function pressureBar(v: Vessel, gasL: number, excessL: number): number {
  if (excessL <= 0) return v.networkBar;
  const gas = Math.max(0.02 * gasL, gasL - excessL);
  return ((v.networkBar + 1) * gasL) / gas - 1;
}

/** The excess expansion, L, at which the vessel reaches gauge pressure `bar` (inverse of pressureBar). */
export function excessAt(v: Vessel, gasL: number, bar: number): number {
  return gasL - ((v.networkBar + 1) * gasL) / (bar + 1);
}

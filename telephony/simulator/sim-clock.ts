/**
 * The simulated PBX's clock. It runs `speed` times faster than real time, so a test can play a
 * five-minute call in a few seconds while every `Timestamp:`, Cdr time and duration the PBX reports
 * still reads like real life. At speed 1 it is the wall clock.
 */
export class SimClock {
  readonly speed: number;
  private readonly startSimMs: number;
  private readonly startWallMs: number;

  constructor(options: { speed?: number; startEpochMs?: number } = {}) {
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
    this.speed = speed;
    this.startSimMs = options.startEpochMs ?? Date.now();
    this.startWallMs = performance.now();
  }

  /** Simulated epoch milliseconds (fractional). */
  now(): number {
    return this.startSimMs + (performance.now() - this.startWallMs) * this.speed;
  }

  /** Real milliseconds from now until the simulated instant `simEpochMs` (0 if it has passed). */
  wallDelayUntil(simEpochMs: number): number {
    return Math.max(0, (simEpochMs - this.now()) / this.speed);
  }
}

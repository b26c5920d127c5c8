import {
  ObservationSnapshot,
  ObservationStore,
  ObservationView,
} from '../database/ObservationStore';
import { CYCLE_SOURCE } from './LiveCollector';

/**
 * The observations as of the collector's last cycle, held in memory: a status read asks the
 * database only whether a newer cycle finished (one primary-key lookup, at most every
 * `checkEveryMs`), and reloads the snapshot once when one did. Every replica sees the cycle
 * another ran within `checkEveryMs`.
 */
export class LatestObservations {
  private current?: { marker: string; snapshot: Promise<ObservationSnapshot> };
  private checked?: { at: number; marker: Promise<string> };

  constructor(
    private readonly store: ObservationStore,
    private readonly checkEveryMs = 1000,
  ) {}

  /** The last finished cycle's start, or '' before the first. */
  private marker(): Promise<string> {
    const now = Date.now();
    if (this.checked && now - this.checked.at < this.checkEveryMs) {
      return this.checked.marker;
    }
    const marker = this.store
      .sources()
      .then(
        sources =>
          sources.find(s => s.id === CYCLE_SOURCE.id)?.lastSuccessAt ?? '',
      );
    this.checked = { at: now, marker };
    marker.catch(() => (this.checked = undefined));
    return marker;
  }

  async view(): Promise<ObservationView> {
    const marker = await this.marker();
    if (this.current?.marker !== marker) {
      const snapshot = this.store.snapshot();
      this.current = { marker, snapshot };
      snapshot.catch(() => (this.current = undefined));
    }
    return this.current.snapshot;
  }
}

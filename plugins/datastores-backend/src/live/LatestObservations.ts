import {
  ObservationSnapshot,
  ObservationStore,
  ObservationView,
} from '../database/ObservationStore';
import { CYCLE_SOURCE } from './LiveCollector';
import { REFRESH_SOURCE } from './ServiceRefresher';

/**
 * The observations as of the collector's last cycle or the last per-service refresh, held in
 * memory: a status read asks the database only whether either moved (one small query, at most
 * every `checkEveryMs`), and reloads the snapshot once when one did. Every replica sees the
 * cycle or refresh another ran within `checkEveryMs`; the replica that refreshed, at once
 * (`invalidate`).
 */
export class LatestObservations {
  private current?: { marker: string; snapshot: Promise<ObservationSnapshot> };
  private checked?: { at: number; marker: Promise<string> };

  constructor(
    private readonly store: ObservationStore,
    private readonly checkEveryMs = 1000,
  ) {}

  /**
   * The last finished cycle's start and the last refresh's time, side by side. Not the later
   * of the two: a cycle that started before a refresh and finished after it writes an older
   * time than the refresh's, and must still be seen.
   */
  private marker(): Promise<string> {
    const now = Date.now();
    if (this.checked && now - this.checked.at < this.checkEveryMs) {
      return this.checked.marker;
    }
    const marker = this.store.sources().then(sources => {
      const at = (id: string) =>
        sources.find(s => s.id === id)?.lastSuccessAt ?? '';
      return `${at(CYCLE_SOURCE.id)}|${at(REFRESH_SOURCE.id)}`;
    });
    this.checked = { at: now, marker };
    marker.catch(() => (this.checked = undefined));
    return marker;
  }

  /** Forgets the last check: the next view asks the database (after this replica wrote). */
  invalidate(): void {
    this.checked = undefined;
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

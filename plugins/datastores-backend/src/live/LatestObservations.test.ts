import {
  ObservationSnapshot,
  ObservationStore,
  SourceState,
} from '../database/ObservationStore';
import { LatestObservations } from './LatestObservations';

/** A store whose last cycle is `cycleAt`, counting what it is asked. */
function storeAt() {
  const state = { cycleAt: '', sources: 0, snapshots: 0 };
  const store = {
    async sources(): Promise<SourceState[]> {
      state.sources++;
      return state.cycleAt
        ? [
            {
              id: 'collector/cycle',
              kind: 'collector/cycle',
              lastSuccessAt: state.cycleAt,
              lastAttemptAt: state.cycleAt,
            },
          ]
        : [];
    },
    async snapshot() {
      state.snapshots++;
      return new ObservationSnapshot([], []);
    },
  } as unknown as ObservationStore;
  return { store, state };
}

describe('LatestObservations', () => {
  it('reloads the snapshot once per finished cycle, and asks for the cycle at most every checkEveryMs', async () => {
    const { store, state } = storeAt();
    const latest = new LatestObservations(store, 50);
    const first = await Promise.all([latest.view(), latest.view()]);
    expect(first[0]).toBe(first[1]);
    expect(state).toMatchObject({ sources: 1, snapshots: 1 });

    state.cycleAt = '2026-12-02T10:00:00.000Z';
    // Within checkEveryMs: the cycle is not asked again.
    expect(await latest.view()).toBe(first[0]);
    await new Promise(r => setTimeout(r, 60));
    const second = await latest.view();
    expect(second).not.toBe(first[0]);
    expect(state).toMatchObject({ sources: 2, snapshots: 2 });

    await new Promise(r => setTimeout(r, 60));
    // The same cycle: the snapshot is kept.
    expect(await latest.view()).toBe(second);
    expect(state).toMatchObject({ sources: 3, snapshots: 2 });
  });
});

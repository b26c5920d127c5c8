import {
  ObservationSnapshot,
  ObservationStore,
  SourceState,
} from '../database/ObservationStore';
import { LatestObservations } from './LatestObservations';

/** A store whose last cycle is `cycleAt`, counting what it is asked. */
function storeAt() {
  const state = { cycleAt: '', refreshAt: '', sources: 0, snapshots: 0 };
  const marker = (id: string, at: string): SourceState[] =>
    at ? [{ id, kind: id, lastSuccessAt: at, lastAttemptAt: at }] : [];
  const store = {
    async sources(): Promise<SourceState[]> {
      state.sources++;
      return [
        ...marker('collector/cycle', state.cycleAt),
        ...marker('collector/refresh', state.refreshAt),
      ];
    },
    async snapshot() {
      state.snapshots++;
      return new ObservationSnapshot([], []);
    },
  } as unknown as ObservationStore;
  return { store, state };
}

describe('LatestObservations', () => {
  // Its own clock: a wait in real time races a loaded machine's scheduling.
  const clock = { now: Date.parse('2026-12-02T10:00:00.000Z') };
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('reloads the snapshot once per finished cycle, and asks for the cycle at most every checkEveryMs', async () => {
    const { store, state } = storeAt();
    const latest = new LatestObservations(store, 50);
    const first = await Promise.all([latest.view(), latest.view()]);
    expect(first[0]).toBe(first[1]);
    expect(state).toMatchObject({ sources: 1, snapshots: 1 });

    state.cycleAt = '2026-12-02T10:00:00.000Z';
    // Within checkEveryMs: the cycle is not asked again.
    expect(await latest.view()).toBe(first[0]);
    clock.now += 60;
    const second = await latest.view();
    expect(second).not.toBe(first[0]);
    expect(state).toMatchObject({ sources: 2, snapshots: 2 });

    clock.now += 60;
    // The same cycle: the snapshot is kept.
    expect(await latest.view()).toBe(second);
    expect(state).toMatchObject({ sources: 3, snapshots: 2 });
  });

  it('reloads after a refresh, and after a cycle that started before that refresh', async () => {
    const { store, state } = storeAt();
    const latest = new LatestObservations(store, 50);
    state.cycleAt = '2026-12-02T10:00:00.000Z';
    const first = await latest.view();

    // Another replica refreshed a service: seen once the check comes round.
    state.refreshAt = '2026-12-02T10:00:20.000Z';
    clock.now += 60;
    const second = await latest.view();
    expect(second).not.toBe(first);

    // A cycle that started before that refresh finishes after it: its start is older than
    // the refresh, and it must be seen all the same.
    state.cycleAt = '2026-12-02T10:00:10.000Z';
    clock.now += 60;
    const third = await latest.view();
    expect(third).not.toBe(second);
    expect(state.snapshots).toBe(3);
  });

  it('asks again at once after invalidate (this replica just refreshed)', async () => {
    const { store, state } = storeAt();
    const latest = new LatestObservations(store, 60_000);
    const first = await latest.view();
    state.refreshAt = '2026-12-02T10:00:20.000Z';
    expect(await latest.view()).toBe(first);
    latest.invalidate();
    expect(await latest.view()).not.toBe(first);
  });
});

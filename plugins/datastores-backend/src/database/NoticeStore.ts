import { DatabaseService } from '@backstage/backend-plugin-api';
import { NoticeState } from '@datastores/plugin-datastores-common';
import { Knex } from 'knex';
import { migratedClient } from './migrate';

const TABLE = 'datastore_notices';

/** What was told of one datastore, with the exact stored text a claim compares against. */
export interface ToldState {
  state: NoticeState;
  raw: string;
}

/**
 * What each datastore's requester and owners were told. A transition is claimed before it is
 * told: of two replicas that see it, one wins the claim and tells it.
 */
export class NoticeStore {
  static async create(options: { database: DatabaseService }) {
    return new NoticeStore(await migratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async all(): Promise<Map<string, ToldState>> {
    const rows: Array<{ entity_ref: string; state: string }> = await this.db(
      TABLE,
    ).select('entity_ref', 'state');
    return new Map(
      rows.map(r => [
        r.entity_ref,
        { state: JSON.parse(r.state), raw: r.state },
      ]),
    );
  }

  /**
   * Moves a datastore from what was told (`previous`, undefined when nothing was) to `next`;
   * false when another writer moved it first.
   */
  async claim(
    entityRef: string,
    previous: ToldState | undefined,
    next: NoticeState,
  ): Promise<boolean> {
    const state = JSON.stringify(next);
    const updated_at = new Date();
    if (!previous) {
      try {
        await this.db(TABLE).insert({
          entity_ref: entityRef,
          state,
          updated_at,
        });
        return true;
      } catch (error) {
        // The primary key refused it: another replica told it first.
        if (await this.db(TABLE).where({ entity_ref: entityRef }).first()) {
          return false;
        }
        throw error;
      }
    }
    const count = await this.db(TABLE)
      .where({ entity_ref: entityRef, state: previous.raw })
      .update({ state, updated_at });
    return count === 1;
  }

  /** Undoes a claim whose notices could not be sent, so the next run tells them. */
  async release(
    entityRef: string,
    claimed: NoticeState,
    previous: ToldState | undefined,
  ): Promise<void> {
    const mine = this.db(TABLE).where({
      entity_ref: entityRef,
      state: JSON.stringify(claimed),
    });
    await (previous
      ? mine.update({ state: previous.raw, updated_at: new Date() })
      : mine.delete());
  }
}

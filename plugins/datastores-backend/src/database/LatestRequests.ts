import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import { RequestStore, StoredRequest } from './RequestStore';

const NONE: StoredRequest[] = [];

/**
 * The request store with every request held in memory, per service. A read asks the database
 * only for the revision (one primary-key read, at most every `checkEveryMs`) and lists the
 * requests again once when it moved. Writes through this store are seen at once; another
 * replica's writes within `checkEveryMs`, as with {@link LatestObservations}.
 */
export class LatestRequests implements RequestStore {
  private current?: {
    revision: number;
    all: Promise<{
      all: StoredRequest[];
      byService: Map<string, StoredRequest[]>;
    }>;
  };
  private checked?: { at: number; revision: Promise<number> };

  constructor(
    private readonly store: RequestStore,
    private readonly checkEveryMs = 1000,
  ) {}

  private revisionNow(): Promise<number> {
    const now = Date.now();
    if (this.checked && now - this.checked.at < this.checkEveryMs) {
      return this.checked.revision;
    }
    const revision = this.store.revision();
    this.checked = { at: now, revision };
    revision.catch(() => (this.checked = undefined));
    return revision;
  }

  private async snapshot() {
    const revision = await this.revisionNow();
    if (this.current?.revision !== revision) {
      const all = this.store.list().then(list => {
        const byService = new Map<string, StoredRequest[]>();
        for (const stored of list) {
          const service = stored.request.service;
          byService.set(service, [...(byService.get(service) ?? []), stored]);
        }
        return { all: list, byService };
      });
      this.current = { revision, all };
      all.catch(() => (this.current = undefined));
    }
    return this.current.all;
  }

  revision(): Promise<number> {
    return this.revisionNow();
  }

  async list(filter: { serviceRef?: string } = {}): Promise<StoredRequest[]> {
    const { all, byService } = await this.snapshot();
    // The same array for the same revision, none included: readers may compare by identity.
    return filter.serviceRef ? byService.get(filter.serviceRef) ?? NONE : all;
  }

  async record(
    request: ProvisioningRequestRecord,
    createdBy: string,
  ): Promise<StoredRequest> {
    try {
      return await this.store.record(request, createdBy);
    } finally {
      this.checked = undefined;
    }
  }

  async amend(
    id: string,
    change: Parameters<RequestStore['amend']>[1],
  ): Promise<boolean> {
    try {
      return await this.store.amend(id, change);
    } finally {
      this.checked = undefined;
    }
  }
}

// Reads the status of many tasks with as few requests as possible: POST /v1/tasks/batch
// (50 ids a request) where the server has it, one GET per task where it does not.
import { EvoLinkRequestError } from '../transport/errors';
import type { EvoLinkContext } from '../transport/request';
import { MAX_BATCH_IDS, getTask, getTaskBatch } from '../transport/tasks';
import { mapWithConcurrency } from './concurrency';
import type { StatusRead } from './waitForTasks';

const SINGLE_READS_IN_FLIGHT = 8;

/** The batch endpoint is not there (or not for POST): fall back to single reads. */
const lacksBatch = (err: unknown) => err instanceof EvoLinkRequestError && (err.httpCode === 404 || err.httpCode === 405);

/**
 * One per node run: whether the server has the batch endpoint is decided by the first
 * batch read and kept for the rest of the run.
 */
export class StatusReader {
	private batch: boolean | undefined;
	/** Requests sent, for logs and tests. */
	readonly sent = { batch: 0, single: 0 };

	constructor(
		private readonly ctx: EvoLinkContext,
		private readonly timeoutMs?: number,
	) {}

	get usesBatch(): boolean | undefined {
		return this.batch;
	}

	/** Throws only when a batch read as a whole failed (the caller backs off); single lookups fail per id. */
	async read(ids: string[]): Promise<StatusRead> {
		const unique = [...new Set(ids)];
		const out: StatusRead = new Map();
		if (unique.length > 1 && this.batch !== false) {
			for (let i = 0; i < unique.length; i += MAX_BATCH_IDS) {
				const chunk = unique.slice(i, i + MAX_BATCH_IDS);
				this.sent.batch++;
				const tasks = await getTaskBatch(this.ctx, chunk, this.timeoutMs).catch((error: unknown) => {
					// Decided once per run: the rest of the ids, and every later read, go one by one.
					if (lacksBatch(error)) return undefined;
					return Promise.reject(error);
				});
				if (!tasks) {
					this.batch = false;
					break;
				}
				this.batch = true;
				for (const t of tasks) if (chunk.includes(t.id)) out.set(t.id, t);
			}
		}
		// Single reads: ids a batch left out (unknown, or not visible to it yet) and servers without batch.
		const rest = unique.filter((id) => !out.has(id));
		await mapWithConcurrency(rest, SINGLE_READS_IN_FLIGHT, async (id) => {
			try {
				this.sent.single++;
				out.set(id, await getTask(this.ctx, id, this.timeoutMs));
			} catch (error) {
				out.set(id, error instanceof Error ? error : new Error(String(error)));
			}
		});
		return out;
	}
}

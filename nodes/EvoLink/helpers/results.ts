import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** n8n error items carry the message in `error`; EvoLink's own {code, message} moves to `taskError`. */
export function errorJson(json: IDataObject, error: Error): IDataObject {
	const { error: taskError, ...rest } = json;
	return { ...rest, ...(taskError && typeof taskError === 'object' ? { taskError } : {}), error: error.message };
}

/** What this run knows about one item's task, so a failure never loses the id. */
export interface TaskNote {
	id: string;
	status?: string;
	progress?: number;
}

/**
 * Collects one result or one error per input item. Errors become error items under
 * Continue On Fail; otherwise the first one is thrown, naming every task this run created.
 */
export class ItemResults {
	private readonly items = new Map<number, INodeExecutionData>();
	private readonly errors = new Map<number, { error: Error; json: IDataObject }>();
	readonly tasks = new Map<number, TaskNote>();

	constructor(private readonly ctx: IExecuteFunctions) {}

	ok(itemIndex: number, json: IDataObject, binary?: INodeExecutionData['binary']) {
		this.items.set(itemIndex, { json, ...(binary ? { binary } : {}), pairedItem: { item: itemIndex } });
	}

	fail(itemIndex: number, error: Error, json: IDataObject = {}) {
		this.errors.set(itemIndex, { error, json });
	}

	/** "item 0: task-unified-… (processing 40%)" for every task created in this run. */
	taskList(): string {
		const notes = [...this.tasks.entries()].sort(([a], [b]) => a - b);
		if (notes.length === 0) return '';
		return `Tasks in this run (they keep running at EvoLink; resume with Get Task): ${notes
			.map(([i, t]) => `item ${i}: ${t.id} (${t.status ?? 'unknown'}${t.progress !== undefined ? ` ${t.progress}%` : ''})`)
			.join('; ')}.`;
	}

	/** Throws the first error unless Continue On Fail; else the items in input order. */
	output(count: number): INodeExecutionData[] {
		const continueOnFail = this.ctx.continueOnFail();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < count; i++) {
			const failure = this.errors.get(i);
			if (failure && !continueOnFail) throw this.withTaskList(failure.error, i);
			if (failure) out.push({ json: errorJson(failure.json, failure.error), pairedItem: { item: i } });
			const item = this.items.get(i);
			if (item) out.push(item);
		}
		return out;
	}

	/** The error, with every task of this run named in its description. */
	withTaskList(error: Error, itemIndex?: number): Error {
		const list = this.taskList();
		// Nothing to add when the message already names every task (e.g. a canceled wait).
		if (!list || [...this.tasks.values()].every((t) => error.message.includes(t.id))) return error;
		if (error instanceof NodeOperationError || 'description' in error) {
			const e = error as Error & { description?: string | null };
			e.description = [e.description, list].filter(Boolean).join(' ');
			return e;
		}
		return new NodeOperationError(this.ctx.getNode(), error.message, { itemIndex, description: list });
	}
}

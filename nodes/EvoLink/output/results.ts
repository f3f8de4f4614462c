import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type NodeError = Error & { description?: string | null };

/**
 * An error item's json: the item's task fields (EvoLink's own {code, message} moved to
 * `taskError`), the error's message in `error` and its advice in `description`.
 */
export function errorJson(json: IDataObject, error: NodeError): IDataObject {
	const { error: taskError, ...rest } = json;
	return {
		...rest,
		...(taskError && typeof taskError === 'object' ? { taskError } : {}),
		error: error.message,
		...(error.description ? { description: error.description } : {}),
	};
}

/** What this run knows about one item's task, so a failure never loses the id. */
export interface TaskNote {
	id: string;
	status?: string;
	progress?: number;
}

/**
 * Collects one result or one error per input item. Errors become error items under
 * Continue On Fail; otherwise the first one is thrown, naming every task this run created
 * and every other item that failed.
 */
export class ItemResults {
	private readonly items = new Map<number, INodeExecutionData>();
	private readonly errors = new Map<number, { error: NodeError; json: IDataObject }>();
	readonly tasks = new Map<number, TaskNote>();

	constructor(private readonly ctx: Pick<IExecuteFunctions, 'continueOnFail' | 'getNode'>) {}

	ok(itemIndex: number, json: IDataObject, binary?: INodeExecutionData['binary']) {
		this.errors.delete(itemIndex);
		this.items.set(itemIndex, { json, ...(binary ? { binary } : {}), pairedItem: { item: itemIndex } });
	}

	fail(itemIndex: number, error: Error, json: IDataObject = {}) {
		this.items.delete(itemIndex);
		const id = this.tasks.get(itemIndex)?.id;
		this.errors.set(itemIndex, { error, json: id && json.id === undefined ? { id, ...json } : json });
	}

	hasFailures(): boolean {
		return this.errors.size > 0;
	}

	/** Every task of this run and every failed item, for the description of a thrown error. */
	summary(except?: number): string {
		const tasks = [...this.tasks.entries()].sort(([a], [b]) => a - b);
		const parts: string[] = [];
		if (tasks.length > 0) {
			parts.push(
				`Tasks in this run (they keep running at EvoLink; resume with Get Task): ${tasks
					.map(([i, t]) => `item ${i}: ${t.id} (${t.status ?? 'unknown'}${t.progress !== undefined ? ` ${t.progress}%` : ''})`)
					.join('; ')}.`,
			);
		}
		const failed = [...this.errors.entries()].filter(([i]) => i !== except).sort(([a], [b]) => a - b);
		if (failed.length > 0) {
			parts.push(
				`Other items that failed: ${failed
					.map(([i, f]) => `item ${i}: ${f.error.message}${/may have created/.test(f.error.description ?? '') ? ' (the task may exist and be charged)' : ''}`)
					.join('; ')}.`,
			);
		}
		return parts.join(' ');
	}

	/** Throws the first error unless Continue On Fail; else the items in input order. */
	output(count: number): INodeExecutionData[] {
		const continueOnFail = this.ctx.continueOnFail();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < count; i++) {
			const failure = this.errors.get(i);
			if (failure && !continueOnFail) throw this.withSummary(failure.error, i);
			if (failure) out.push({ json: errorJson(failure.json, failure.error), pairedItem: { item: i } });
			const item = this.items.get(i);
			if (item && !failure) out.push(item);
		}
		return out;
	}

	/** The error, with every task and every other failure of this run named in its description. */
	withSummary(error: Error, itemIndex?: number): NodeError {
		const summary = this.summary(itemIndex);
		const named = (text: string) => [...this.tasks.values()].every((t) => text.includes(t.id));
		if (!summary || (named(error.message) && ![...this.errors.keys()].some((i) => i !== itemIndex))) return error;
		if (error instanceof NodeOperationError || 'description' in error) {
			const e = error as NodeError;
			e.description = [e.description, summary].filter(Boolean).join(' ');
			return e;
		}
		return new NodeOperationError(this.ctx.getNode(), error.message, { itemIndex, description: summary });
	}
}

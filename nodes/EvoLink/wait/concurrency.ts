/**
 * Runs fn over items with at most `limit` calls in flight; results keep input order.
 * On the first rejection no new item is started, in-flight calls are allowed to settle
 * (nothing keeps running unseen), then it rejects with that first error. Callers that
 * need every result (e.g. paid creates) should catch inside fn.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	limit: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	let firstError: unknown;

	const worker = async () => {
		while (!failed && next < items.length) {
			const i = next++;
			try {
				results[i] = await fn(items[i], i);
			} catch (error) {
				if (!failed) {
					failed = true;
					firstError = error;
				}
			}
		}
	};

	const width = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
	await Promise.all(Array.from({ length: width }, worker));
	if (failed) throw firstError;
	return results;
}

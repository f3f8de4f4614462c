// Repeated callback deliveries for the queue-mode suites. The simulator delivers each task's
// callback ONCE when it is answered 2xx (test/simulator/callbacks.js retries only after a
// failure or a timeout), so the repeats come from here: it watches the simulator's callback
// log (every 5 ms) and, per the plan, POSTs the same body (the task as GET shows it) to the
// same URL again, right away ("concurrent") and/or later ("late"). Concurrent repeats go
// through the round-robin proxy (so mostly to the other webhook process) or straight to the
// webhook process the proxy did NOT send the original to (`to: 'other'`), or to the same one.
import * as host from '../support/host';
import type { ProxiedRequest } from '../../scripts/lib/queue-n8n';
import type { CallbackAttempt } from '../support/simulator';
import type { EvoCluster } from './evolink';

export interface RepeatPlan {
	/** repeats sent as soon as the original delivery is seen */
	concurrent?: number;
	/** repeats sent this many ms after it */
	lateMs?: number[];
	/** concurrent repeats straight to a webhook process, not through the proxy: the other one than the original's, or the same */
	to?: 'other' | 'same';
}

export interface Repeat {
	taskId: string;
	kind: 'concurrent' | 'late';
	sentAt: number;
	finishedAt?: number;
	status?: number;
	error?: string;
	/** the webhook process it reached */
	backend?: string;
	/** the webhook process the simulator's own delivery reached */
	originalBackend?: string;
}

const pathOf = (url: string) => {
	const u = new URL(url);
	return `${u.pathname}${u.search}`;
};

export class CallbackRepeater {
	readonly repeats: Repeat[] = [];
	private next = 0;
	private readonly seen = new Set<string>();
	private readonly claimed = new Set<ProxiedRequest>();
	private readonly inflight = new Set<Promise<void>>();
	private timer: ReturnType<typeof host.timers.setInterval> | undefined;

	constructor(
		private readonly c: EvoCluster,
		private readonly plan: (taskId: string) => RepeatPlan | undefined,
	) {}

	start(): this {
		this.next = this.c.sim.callbacks.length;
		this.timer = host.timers.setInterval(() => this.scan(), 5);
		return this;
	}

	/** Stops watching and waits for the repeats in flight (late ones included). */
	async stop(): Promise<void> {
		if (this.timer) host.timers.clearInterval(this.timer);
		this.timer = undefined;
		while (this.inflight.size) await Promise.allSettled([...this.inflight]);
	}

	private scan() {
		const all = this.c.sim.callbacks;
		for (; this.next < all.length; this.next++) {
			const a = all[this.next];
			if (a.attempt !== 1 || this.seen.has(a.taskId)) continue;
			const plan = this.plan(a.taskId);
			if (!plan) continue;
			this.seen.add(a.taskId);
			for (let i = 0; i < (plan.concurrent ?? 0); i++) this.track(this.send(a, 'concurrent', 0, plan.to));
			for (const ms of plan.lateMs ?? []) this.track(this.send(a, 'late', ms, undefined));
		}
	}

	private track(p: Promise<void>) {
		this.inflight.add(p);
		void p.finally(() => this.inflight.delete(p));
	}

	/** The proxy's record of a request to `path` that arrived from `since` on and is not attributed yet. */
	private async proxied(path: string, since: number, waitMs: number): Promise<ProxiedRequest | undefined> {
		const end = Date.now() + waitMs;
		for (;;) {
			const rec = this.c.q.proxy.requests.find((r) => r.url === path && r.t >= since - 2 && !this.claimed.has(r));
			if (rec || Date.now() > end) {
				if (rec) this.claimed.add(rec);
				return rec;
			}
			await host.delay(2);
		}
	}

	private async send(a: CallbackAttempt, kind: Repeat['kind'], afterMs: number, to: RepeatPlan['to']): Promise<void> {
		const path = pathOf(a.url);
		const rec: Repeat = { taskId: a.taskId, kind, sentAt: 0 };
		this.repeats.push(rec);
		let url = a.url;
		if (to) {
			const original = await this.proxied(path, a.startedAt, 200);
			rec.originalBackend = original?.backend;
			const target = this.c.q.of('webhook').find((p) => (to === 'same' ? p.name === original?.backend : p.name !== original?.backend));
			if (target) url = `http://127.0.0.1:${target.port}${path}`;
			rec.backend = target?.name;
		}
		if (afterMs) await host.delay(afterMs);
		// the body the simulator sends: the task as GET /v1/tasks/{id} shows it (without the simulator's own view)
		const view: Record<string, unknown> = { ...(this.c.sim.task(a.taskId) ?? { id: a.taskId }) };
		delete view.internal;
		rec.sentAt = Date.now();
		try {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(view) });
			await res.text();
			rec.status = res.status;
		} catch (e) {
			rec.error = (e as Error).message;
		}
		rec.finishedAt = Date.now();
		if (!to) rec.backend = (await this.proxied(path, rec.sentAt, 0))?.backend;
	}
}

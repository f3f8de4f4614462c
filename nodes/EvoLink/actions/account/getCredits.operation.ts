// Get Credits: the account's balance (GET /v1/credits), one request for all items.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { GET_CREDITS_TOOL_DESCRIPTION } from '../../models/tool';
import { toNodeError } from '../../output/errors';
import { toolDescriptionProperty } from '../video/wait.description';
import { forAgent } from '../../output/tool';
import { EvoLinkRequestError } from '../../transport/errors';
import { getCredits } from '../../transport/tasks';

/** The vendor's client shows credits in dollars at this rate (1 USD = 6.8 CNY, 1 CNY = 10 credits). */
export const CREDITS_PER_USD = 68;

export const description: INodeProperties[] = [toolDescriptionProperty('getCredits', GET_CREDITS_TOOL_DESCRIPTION)];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	let json: IDataObject;
	try {
		const { data } = await getCredits(this);
		const user = data?.user ?? {};
		const key = data?.token ?? {};
		json = {
			remainingCredits: user.remaining_credits,
			usedCredits: user.used_credits,
			remainingUsd: typeof user.remaining_credits === 'number' ? Math.round((user.remaining_credits / CREDITS_PER_USD) * 100) / 100 : undefined,
			apiKey: { remainingCredits: key.remaining_credits, usedCredits: key.used_credits, unlimited: key.unlimited_credits },
		};
	} catch (error) {
		const err = error instanceof EvoLinkRequestError ? error : new EvoLinkRequestError(String(error));
		const nodeError = toNodeError(this.getNode(), err, 0, { prefix: 'EvoLink balance' });
		if (!this.continueOnFail()) return await forAgent(this, () => { throw nodeError; });
		json = { error: nodeError.message, description: nodeError.description ?? undefined };
	}
	// The balance is the account's: the same answer for every input item.
	return items.map((_item, i) => ({ json: { ...json }, pairedItem: { item: i } }));
}

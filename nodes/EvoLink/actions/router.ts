import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account';
import * as video from './video';

/** Operations take all items at once: tasks are submitted and waited on together. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	switch (`${resource}.${operation}`) {
		case 'video.generate':
			return [await video.generate.execute.call(this)];
		case 'video.getTask':
			return [await video.getTask.execute.call(this)];
		case 'video.getManyTasks':
			return [await video.getManyTasks.execute.call(this)];
		case 'account.getCredits':
			return [await account.getCredits.execute.call(this)];
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
}

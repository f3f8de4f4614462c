// MiniMax Hailuo and MiniMax H3.
import type { ModelDefinition } from '../define';

export const minimax: ModelDefinition[] = [];

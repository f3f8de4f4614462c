/** README's model table is made from the model definitions (gulp readme:models): it must match them. */
import { MODELS } from '../../nodes/EvoLink/models';
import { fs, load, path, REPO } from '../support/host';

const { modelTable, START, END } = load(path.join(REPO, 'gulpfile.js')) as { modelTable: (models: unknown) => string; START: string; END: string };

it('README lists every model as the definitions describe it (run `npx gulp readme:models` after changing a model)', () => {
	const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
	const table = readme.split(START)[1]?.split(END)[0]?.trim();
	expect(table).toBe(modelTable(MODELS));
	expect(table?.split('\n').length).toBe(MODELS.length + 2);
});

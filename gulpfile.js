const { src, dest, task } = require('gulp');

// tsc does not copy SVG icons; n8n loads them from next to the compiled files.
task('build:icons', () => src('icons/**/*.svg', { encoding: false }).pipe(dest('dist/icons')));

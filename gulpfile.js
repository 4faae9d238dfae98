// Copies the static assets tsc does not emit (icons) into dist/, keeping their relative paths,
// so `file:` icon references resolve next to the compiled node and credential files.
const { src, dest, task } = require('gulp');

function copyStatic() {
	return src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:static', copyStatic);
task('default', copyStatic);

// Preloaded by bench/index.ts into a timed `progeval run` (node --import): on exit, the
// process's own peak resident set size, on a line of stderr the bench reads and strips.
process.on('exit', () => {
  process.stderr.write(`bench: peak RSS ${process.resourceUsage().maxRSS} KiB\n`);
});

/**
 * Does the cluster bootstrap of landmark survival (clusterBootstrapLandmarks) keep its 95%
 * level when reconviction clusters by group, where Greenwood's interval does not? Each seed
 * simulates --clusters groups of --size people; a group shares a gamma frailty Z with mean 1
 * and variance --frailty, and a person's time to reconviction is exponential with hazard
 * --rate × Z per day (recorded in whole days), censored by follow-up uniform on
 * [--min-follow-up, --max-follow-up] days independent of everything else. The true marginal
 * survival is known in closed form, the Laplace transform of the gamma frailty:
 *
 *     S(t) = E[exp(−rate · Z · t)] = (1 + frailty · rate · t)^(−1/frailty)   (exp(−rate · t) at frailty 0)
 *
 * (P(⌈T⌉ > t) = P(T > t) at whole-day t.) For t = 365 and 730: how often each 95% interval
 * covers S(t), their mean widths, and the spread of the estimate across seeds against the
 * mean Greenwood standard error. Bootstrap seed = data seed.
 *
 *   node --import tsx test/recovery/landmarkCoverage.ts [--seeds 200] [--clusters 30] [--size 40]
 *     [--replicates 199] [--frailty 0.5] [--rate 0.001] [--min-follow-up 365] [--max-follow-up 1460]
 */
import { createRandomSource } from '../../fixtures/generator/random.ts';
import { clusterBootstrapLandmarks } from '../../pipeline/analyse/stats/clusterBootstrapLandmarks.ts';
import { numberArg } from './analyseSeeds.ts';

const seeds = numberArg('seeds', 200);
const clusters = numberArg('clusters', 30);
const size = numberArg('size', 40);
const replicates = numberArg('replicates', 199);
const frailty = numberArg('frailty', 0.5);
const rate = numberArg('rate', 0.001);
const minFollowUp = numberArg('min-follow-up', 365);
const maxFollowUp = numberArg('max-follow-up', 1460);
const LANDMARKS = [365, 730];

const truth = LANDMARKS.map((t) => (frailty > 0 ? (1 + frailty * rate * t) ** (-1 / frailty) : Math.exp(-rate * t)));

interface Tally { runs: number; greenwoodCovers: number; bootCovers: number; greenwoodWidth: number; bootWidth: number; sum: number; sumSquares: number; greenwoodSe: number }
const tallies: Tally[] = LANDMARKS.map(() => ({ runs: 0, greenwoodCovers: 0, bootCovers: 0, greenwoodWidth: 0, bootWidth: 0, sum: 0, sumSquares: 0, greenwoodSe: 0 }));

const started = performance.now();
for (let seed = 1; seed <= seeds; seed++) {
  const rng = createRandomSource(seed, 'reoffending');
  const time: number[] = [];
  const event: number[] = [];
  const cluster: number[] = [];
  for (let j = 0; j < clusters; j++) {
    const z = frailty > 0 ? rng.gamma(1 / frailty, 1 / frailty) : 1;
    for (let k = 0; k < size; k++) {
      const t = Math.ceil(rng.exponential(rate * z));
      const c = Math.floor(rng.uniform(minFollowUp, maxFollowUp + 1));
      time.push(Math.min(t, c));
      event.push(t <= c ? 1 : 0);
      cluster.push(j);
    }
  }
  const r = clusterBootstrapLandmarks({ time, event, cluster, landmarks: LANDMARKS, replicates, seed });
  r.rows.forEach((row, k) => {
    const s = truth[k]!;
    const tally = tallies[k]!;
    if (row.ci_low === null || row.ci_high === null || row.boot_ci_low === null || row.boot_ci_high === null) return;
    tally.runs++;
    tally.greenwoodCovers += row.ci_low <= s && s <= row.ci_high ? 1 : 0;
    tally.bootCovers += row.boot_ci_low <= s && s <= row.boot_ci_high ? 1 : 0;
    tally.greenwoodWidth += row.ci_high - row.ci_low;
    tally.bootWidth += row.boot_ci_high - row.boot_ci_low;
    tally.sum += row.surv;
    tally.sumSquares += row.surv * row.surv;
    // Greenwood SE of S on the natural scale, from the log interval: S · (log upper − log lower) / (2 z)
    // (upper clipped at 1 only when S is near 1, not at these landmarks)
    tally.greenwoodSe += (row.surv * (Math.log(row.ci_high) - Math.log(row.ci_low))) / (2 * 1.959963984540054);
  });
}
const seconds = (performance.now() - started) / 1000;

const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)}%`;
const mcse = (x: number, n: number) => `±${((100 * Math.sqrt((x / n) * (1 - x / n))) / Math.sqrt(Math.max(1, n))).toFixed(1)}`;
let out =
  `\nGamma group frailty, variance ${frailty}; hazard ${rate}/day; follow-up U[${minFollowUp}, ${maxFollowUp}] days\n` +
  `${seeds} seeds × ${clusters} clusters of ${size}; ${replicates} bootstrap replicates (${seconds.toFixed(1)} s)\n\n` +
  `  day   true S   mean Ŝ   SD(Ŝ)   mean Greenwood SE | Greenwood covers (width) | cluster bootstrap covers (width)\n`;
LANDMARKS.forEach((t, k) => {
  const y = tallies[k]!;
  const n = Math.max(1, y.runs);
  const mean = y.sum / n;
  const sd = Math.sqrt(Math.max(0, (y.sumSquares - n * mean * mean) / Math.max(1, n - 1)));
  out +=
    `  ${String(t).padStart(3)}   ${truth[k]!.toFixed(4)}   ${mean.toFixed(4)}   ${sd.toFixed(4)}   ${(y.greenwoodSe / n).toFixed(4)}            ` +
    `| ${pct(y.greenwoodCovers, y.runs)} ${mcse(y.greenwoodCovers, y.runs)} (${(y.greenwoodWidth / n).toFixed(4)})    ` +
    `| ${pct(y.bootCovers, y.runs)} ${mcse(y.bootCovers, y.runs)} (${(y.bootWidth / n).toFixed(4)})   [${y.runs} runs]\n`;
});
process.stdout.write(out);

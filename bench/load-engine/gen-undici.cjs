// The floor for any generator built on undici: a bare Client.dispatch loop with a legacy
// handler, one reused options object, no timers, no bookkeeping. The engine can only be
// slower than this; comparing both with autocannon shows how much is undici and how much
// is the engine. Measured the same way as the others (requests per CPU-second, steady).
const { Client } = require('undici');
const steady = require('./steady.cjs')();

const [url, connections, durationS] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let requests = 0;
let errors = 0;
let inSecond = 0;
let stopping = false;
let open = Number(connections);
const ticker = setInterval(() => {
  steady.tick(inSecond);
  inSecond = 0;
}, 1000);
setTimeout(() => (stopping = true), Number(durationS) * 1000);

function finish() {
  clearInterval(ticker);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      requests,
      errors,
      cpuS: (cpu.user + cpu.system) / 1e6,
      wallS: (performance.now() - t0) / 1000,
      p50: 0,
      p99: 0,
      ...steady.result(),
    }) + '\n',
  );
  process.exit(0);
}

for (let c = 0; c < open; c++) {
  const client = new Client(url, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  const opts = { path: '/', method: 'GET', headers: [] };
  let status = 0;
  const handler = {
    onConnect() {},
    onHeaders(s) {
      status = s;
      return true;
    },
    onData() {
      return true;
    },
    onComplete() {
      requests++;
      inSecond++;
      if (status < 200 || status > 299) errors++;
      if (stopping) return --open === 0 && finish();
      client.dispatch(opts, handler);
    },
    onError() {
      errors++;
      if (--open === 0) finish();
    },
  };
  client.dispatch(opts, handler);
}

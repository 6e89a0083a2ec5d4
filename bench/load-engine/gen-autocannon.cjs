// autocannon in-process, measured the same way as the engine: requests per CPU-second of this process.
const autocannon = require('autocannon');
const steady = require('./steady.cjs')();
const [url, connections, durationS] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const instance = autocannon(
  { url, connections: Number(connections), duration: Number(durationS), pipelining: 1 },
  (err, r) => {
    if (err) throw err;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(
      JSON.stringify({
        requests: r.requests.total,
        errors: r.errors + r.non2xx,
        cpuS: (cpu.user + cpu.system) / 1e6,
        wallS: (performance.now() - t0) / 1000,
        p50: r.latency.p50,
        p99: r.latency.p99,
        ...steady.result(),
      }) + '\n',
    );
  },
);
instance.on('tick', (t) => steady.tick(t.counter));

// Steady-state accounting shared by both generators: requests and CPU are summed only over
// whole seconds after the first (warm-up: module loading, JIT, connection set-up), so the
// ratio compares per-request cost, not start-up cost. Both generators call `tick(n)` once a
// second with the requests completed in that second.
module.exports = function steady(warmupTicks = 1) {
  let ticks = 0;
  let last = process.cpuUsage();
  let requests = 0;
  let cpuUs = 0;
  return {
    tick(n) {
      const now = process.cpuUsage();
      const d = now.user - last.user + (now.system - last.system);
      last = now;
      ticks++;
      if (ticks > warmupTicks) {
        requests += n;
        cpuUs += d;
      }
    },
    result() {
      return {
        steadyRequests: requests,
        steadyCpuS: cpuUs / 1e6,
        steadySeconds: Math.max(0, ticks - warmupTicks),
      };
    },
  };
};

#include "io/clock.h"

#include <time.h>

namespace simlite::io {

int64_t RealClock::NowUnixMs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void RealClock::SleepUs(int64_t duration_us) {
  if (duration_us <= 0) return;
  timespec ts{static_cast<time_t>(duration_us / 1000000),
              static_cast<long>((duration_us % 1000000) * 1000)};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

}  // namespace simlite::io

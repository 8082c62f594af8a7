// Time, as the engine may see it: busy timeouts and datetime('now') read a Clock, never the
// OS. The simulator's clock is virtual, so an hour of waiting costs no real time.
#pragma once

#include <cstdint>

namespace simlite::io {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowUnixMs() = 0;
  // Returns after at least duration_us microseconds (of this clock's time).
  virtual void SleepUs(int64_t duration_us) = 0;
};

// The machine's real clock.
class RealClock final : public Clock {
 public:
  int64_t NowUnixMs() override;
  void SleepUs(int64_t duration_us) override;
};

// A clock that moves only when slept on or advanced: deterministic time for tests and the
// simulator.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_unix_ms) : now_us_(start_unix_ms * 1000) {}
  int64_t NowUnixMs() override { return now_us_ / 1000; }
  void SleepUs(int64_t duration_us) override { now_us_ += duration_us; }
  void AdvanceUs(int64_t duration_us) { now_us_ += duration_us; }

 private:
  int64_t now_us_;
};

}  // namespace simlite::io

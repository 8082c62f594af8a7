// SimDisk: the simulated machine's disk. It outlives any one simulated process, so a crash
// can be modelled as "drop the process, apply a power loss to the disk, start again".
//
// Each file keeps its durable bytes (what survives a power loss) apart from the writes and
// truncates made since its last sync, in order. A sync makes everything durable. A crash
// replays each unsynced operation, in order, onto the durable image and keeps it, drops it
// or (for writes) tears it sector by sector, each choice drawn from the seed — the power-loss
// model of atomiccommit.html, where sectors of an unsynced write may or may not reach the
// platter.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/random.h"

namespace simlite::sim {

struct SimFile {
  struct Pending {
    bool truncate = false;
    uint64_t offset = 0;  // truncate: the new size
    std::vector<uint8_t> data;
  };
  std::vector<uint8_t> current;  // what reads see
  std::vector<uint8_t> durable;  // what survives a crash
  std::vector<Pending> pending;  // unsynced changes since the last sync, in order

  void Write(uint64_t offset, const uint8_t* data, uint32_t length);
  void Truncate(uint64_t size);
  void Sync();
};

class SimDisk {
 public:
  static constexpr uint32_t kSectorSize = 512;

  // The file at path, or null.
  std::shared_ptr<SimFile> Find(const std::string& path) const;
  std::shared_ptr<SimFile> Create(const std::string& path);
  bool Remove(const std::string& path);

  // A power loss: every file's unsynced operations are kept, dropped or torn at random;
  // what results becomes both durable and current. Deleted-but-open files are forgotten.
  void Crash(io::Random& random);

  // Paths in order, for a deterministic walk.
  const std::map<std::string, std::shared_ptr<SimFile>>& files() const { return files_; }

 private:
  std::map<std::string, std::shared_ptr<SimFile>> files_;
};

}  // namespace simlite::sim

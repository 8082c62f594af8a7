#include "simulator/sim_disk.h"

#include <algorithm>
#include <cstring>

namespace simlite::sim {

namespace {

void ApplyWrite(std::vector<uint8_t>* bytes, uint64_t offset, const uint8_t* data,
                uint64_t length) {
  if (bytes->size() < offset + length) bytes->resize(offset + length, 0);
  std::memcpy(bytes->data() + offset, data, length);
}

}  // namespace

void SimFile::Write(uint64_t offset, const uint8_t* data, uint32_t length) {
  ApplyWrite(&current, offset, data, length);
  pending.push_back(Pending{false, offset, std::vector<uint8_t>(data, data + length)});
}

void SimFile::Truncate(uint64_t size) {
  current.resize(size, 0);
  pending.push_back(Pending{true, size, {}});
}

void SimFile::Sync() {
  durable = current;
  pending.clear();
}

std::shared_ptr<SimFile> SimDisk::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second;
}

std::shared_ptr<SimFile> SimDisk::Create(const std::string& path) {
  auto file = std::make_shared<SimFile>();
  files_[path] = file;
  return file;
}

bool SimDisk::Remove(const std::string& path) { return files_.erase(path) > 0; }

void SimDisk::Crash(io::Random& random) {
  for (auto& [path, file] : files_) {
    std::vector<uint8_t> image = file->durable;
    for (const SimFile::Pending& op : file->pending) {
      // One in three each: lost, kept whole, torn.
      uint64_t fate = random.Uniform(3);
      if (fate == 0) continue;
      if (op.truncate) {
        image.resize(op.offset, 0);
        continue;
      }
      if (fate == 1) {
        ApplyWrite(&image, op.offset, op.data.data(), op.data.size());
        continue;
      }
      for (uint64_t start = 0; start < op.data.size(); start += kSectorSize) {
        uint64_t length = std::min<uint64_t>(kSectorSize, op.data.size() - start);
        if (random.OneIn(2)) ApplyWrite(&image, op.offset + start, op.data.data() + start, length);
      }
    }
    file->durable = image;
    file->current = std::move(image);
    file->pending.clear();
  }
}

}  // namespace simlite::sim

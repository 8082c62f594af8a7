// simlite: for now, a tool that opens a SQLite database file, lists its tables and indexes
// with their row counts, and checks its integrity. It grows into the interactive shell once
// the SQL engine lands.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "btree/btree.h"
#include "btree/btree_cursor.h"
#include "btree/integrity_check.h"
#include "btree/record.h"
#include "io/posix_io.h"
#include "pager/pager.h"

namespace simlite {
namespace {

struct SchemaEntry {
  std::string type;
  std::string name;
  pager::Pgno root = 0;
};

std::string Text(const btree::ValueView& value) {
  if (value.type != btree::ValueType::kText) return "";
  return std::string(reinterpret_cast<const char*>(value.bytes), value.size);
}

Rc ReadSchema(btree::Btree* btree, std::vector<SchemaEntry>* entries) {
  btree::BtCursor cursor;
  cursor.Open(btree, 1, /*writable=*/false, nullptr);
  bool done = false;
  SIMLITE_TRY(cursor.First(&done));
  std::vector<uint8_t> buffer;
  while (!done) {
    std::span<const uint8_t> payload;
    SIMLITE_TRY(cursor.Payload(&buffer, &payload));
    btree::RecordReader reader;
    SIMLITE_TRY(reader.Init(payload.data(), static_cast<uint32_t>(payload.size())));
    btree::ValueView type, name, root;
    SIMLITE_TRY(reader.Column(0, &type));
    SIMLITE_TRY(reader.Column(1, &name));
    SIMLITE_TRY(reader.Column(3, &root));
    if (root.type == btree::ValueType::kInteger && root.i > 0) {
      entries->push_back({Text(type), Text(name), static_cast<pager::Pgno>(root.i)});
    }
    SIMLITE_TRY(cursor.Next(&done));
  }
  return Rc::kOk;
}

Rc CountEntries(btree::Btree* btree, const SchemaEntry& entry, uint64_t* count) {
  static const btree::KeyInfo kBinary;
  btree::BtCursor cursor;
  cursor.Open(btree, entry.root, false, entry.type == "index" ? &kBinary : nullptr);
  bool done = false;
  *count = 0;
  SIMLITE_TRY(cursor.First(&done));
  while (!done) {
    (*count)++;
    SIMLITE_TRY(cursor.Next(&done));
  }
  return Rc::kOk;
}

int Describe(const char* path) {
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  std::unique_ptr<pager::Pager> pager;
  pager::PagerOptions options;
  options.read_only = true;
  Rc rc = pager::Pager::Open(io.get(), path, options, &pager);
  if (rc != Rc::kOk) {
    std::fprintf(stderr, "Error: %s: %s\n", path, ErrStr(rc));
    return 1;
  }
  btree::Btree btree(pager.get());
  rc = btree.BeginRead();
  std::vector<SchemaEntry> entries;
  if (rc == Rc::kOk) rc = ReadSchema(&btree, &entries);
  if (rc != Rc::kOk) {
    std::fprintf(stderr, "Error: %s: %s\n", path, ErrStr(rc));
    return 1;
  }
  std::printf("%s: page size %u, %u pages, io backend %.*s\n", path, pager->page_size(),
              pager->page_count(), static_cast<int>(io->name().size()), io->name().data());
  std::printf("%-6s %-24s %10s\n", "type", "name", "entries");
  std::vector<btree::TreeToCheck> trees{{1, false, nullptr}};
  for (const SchemaEntry& entry : entries) {
    uint64_t count = 0;
    rc = CountEntries(&btree, entry, &count);
    if (rc != Rc::kOk) {
      std::fprintf(stderr, "Error: %s %s: %s\n", entry.type.c_str(), entry.name.c_str(),
                   ErrStr(rc));
      return 1;
    }
    std::printf("%-6s %-24s %10llu\n", entry.type.c_str(), entry.name.c_str(),
                static_cast<unsigned long long>(count));
    // Index key order needs each index's collations, which come from its SQL: the SQL
    // layer's integrity_check checks them; here only the structure is.
    trees.push_back({entry.root, entry.type == "index", nullptr});
  }
  std::vector<std::string> findings;
  rc = btree::CheckIntegrity(pager.get(), trees, 20, &findings);
  if (rc != Rc::kOk) findings.push_back(ErrStr(rc));
  std::printf("integrity: %s\n", findings.empty() ? "ok" : findings.front().c_str());
  btree.EndRead();
  return findings.empty() ? 0 : 1;
}

}  // namespace
}  // namespace simlite

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: simlite DATABASE\n");
    return 2;
  }
  return simlite::Describe(argv[1]);
}

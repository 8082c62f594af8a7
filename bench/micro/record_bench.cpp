// Record decoding (RecordReader: header parse and lazy column access), record building, and
// record comparison as index seeks do it (CompareRecords on (text, rowid) and (int, rowid)).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/micro/bench_data.h"
#include "bench/micro/benches.h"
#include "btree/record.h"

namespace simlite::bench {
namespace {

using btree::Collation;
using btree::KeyInfo;
using btree::RecordBuilder;
using btree::RecordReader;
using btree::ValueView;

constexpr uint32_t kKeys = 1024;

// An 8-column row of the kinds a table holds: integers of 1 and 3 bytes, a real, a blob and
// texts of several lengths.
std::vector<uint8_t> EightColumnRecord() {
  static const std::string kTexts[] = {"hello world abc", std::string(30, 'x'), "0123456789"};
  static const uint8_t kBlob[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  RecordBuilder builder;
  builder.Reset();
  builder.AddInteger(42);
  builder.AddText(kTexts[0].data(), static_cast<uint32_t>(kTexts[0].size()));
  builder.AddReal(3.25);
  builder.AddInteger(1234567);
  builder.AddBlob(kBlob, sizeof(kBlob));
  builder.AddText(kTexts[1].data(), static_cast<uint32_t>(kTexts[1].size()));
  builder.AddInteger(-5);
  builder.AddText(kTexts[2].data(), static_cast<uint32_t>(kTexts[2].size()));
  auto record = builder.Finish();
  return {record.begin(), record.end()};
}

// Reads `columns` (in order) from a freshly initialised reader per iteration.
void ReadColumns(benchmark::State& state, std::initializer_list<uint32_t> columns) {
  const std::vector<uint8_t> record = EightColumnRecord();
  for (auto _ : state) {
    RecordReader reader;
    CheckOk(reader.Init(record.data(), static_cast<uint32_t>(record.size())), "Init");
    for (uint32_t column_idx : columns) {
      ValueView value;
      CheckOk(reader.Column(column_idx, &value), "Column");
      benchmark::DoNotOptimize(value);
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Index keys (text, rowid) or (int, rowid) of rows 1..kKeys; with same_text every key has
// one text, so comparisons run through the text into the rowid.
std::vector<std::vector<uint8_t>> IndexKeys(bool text, bool same_text) {
  std::vector<std::vector<uint8_t>> keys;
  RecordBuilder builder;
  for (int64_t rowid = 1; rowid <= kKeys; rowid++) {
    builder.Reset();
    if (text) {
      const std::string value = RowTextString(same_text ? 1 : rowid);
      builder.AddText(value.data(), static_cast<uint32_t>(value.size()));
    } else {
      builder.AddInteger(RowB(rowid));
    }
    builder.AddInteger(rowid);
    auto record = builder.Finish();
    keys.emplace_back(record.begin(), record.end());
  }
  return keys;
}

// Compares each key with its neighbour.
void CompareLoop(benchmark::State& state, const std::vector<std::vector<uint8_t>>& keys) {
  const KeyInfo key_info{{Collation::kBinary, Collation::kBinary}, {false, false}};
  for (auto _ : state) {
    int sum = 0;
    Rc rc = Rc::kOk;
    for (uint32_t key_idx = 0; key_idx + 1 < kKeys; key_idx++) {
      sum += btree::CompareRecords(keys[key_idx], keys[key_idx + 1], key_info, &rc);
    }
    CheckOk(rc, "CompareRecords");
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * (kKeys - 1));
}

}  // namespace

void RecordColumn3(benchmark::State& state) { ReadColumns(state, {3}); }
void RecordColumn7(benchmark::State& state) { ReadColumns(state, {7}); }
// Column 7 after column 3 continues the header parse where column 3 left it: this costs
// about RecordColumn7, not RecordColumn3 + RecordColumn7.
void RecordColumn3Then7(benchmark::State& state) { ReadColumns(state, {3, 7}); }

// Column 7 again on a reader that has parsed the header already: a cached offset.
void RecordColumn7Cached(benchmark::State& state) {
  const std::vector<uint8_t> record = EightColumnRecord();
  RecordReader reader;
  CheckOk(reader.Init(record.data(), static_cast<uint32_t>(record.size())), "Init");
  for (auto _ : state) {
    ValueView value;
    CheckOk(reader.Column(7, &value), "Column");
    benchmark::DoNotOptimize(value);
  }
  state.SetItemsProcessed(state.iterations());
}

// The whole header of a 100-column record (every column an integer).
void RecordColumnCountWide(benchmark::State& state) {
  RecordBuilder builder;
  builder.Reset();
  for (int64_t column_idx = 0; column_idx < 100; column_idx++) builder.AddInteger(column_idx);
  auto built = builder.Finish();
  const std::vector<uint8_t> record(built.begin(), built.end());
  for (auto _ : state) {
    RecordReader reader;
    CheckOk(reader.Init(record.data(), static_cast<uint32_t>(record.size())), "Init");
    uint32_t count = 0;
    CheckOk(reader.ColumnCount(&count), "ColumnCount");
    benchmark::DoNotOptimize(count);
  }
  state.SetItemsProcessed(state.iterations());
}

// A table row (NULL for the rowid alias, b, c) as the insert benchmarks build it.
void RecordBuild(benchmark::State& state) {
  RecordBuilder builder;
  char text[kRowTextMax];
  int64_t rowid = 0;
  for (auto _ : state) {
    rowid++;
    builder.Reset();
    builder.AddNull();
    builder.AddInteger(RowB(rowid));
    builder.AddText(text, RowText(rowid, text));
    benchmark::DoNotOptimize(builder.Finish().data());
  }
  state.SetItemsProcessed(state.iterations());
}

void CompareTextKeys(benchmark::State& state) { CompareLoop(state, IndexKeys(true, false)); }
void CompareTextKeysSameText(benchmark::State& state) {
  CompareLoop(state, IndexKeys(true, true));
}
void CompareIntKeys(benchmark::State& state) { CompareLoop(state, IndexKeys(false, false)); }

}  // namespace simlite::bench

// The b-tree page format: the spill formulas against fileformat2.html's worked numbers and
// against pages written by real SQLite, and BtreePage's cell insertion/removal against a
// model, with the full layout check after every step.
#include "btree/page_format.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "btree/btree_page.h"
#include "common/varint.h"
#include "tests/support/temp_dir.h"

namespace simlite::btree {
namespace {

TEST(PageFormatTest, SpillFormulasFollowTheSpec) {
  // U = 4096: X = U-35 = 4061 for table leaves, ((U-12)*64/255)-23 = 1002 for index pages,
  // M = ((U-12)*32/255)-23 = 489.
  EXPECT_EQ(TableLeafMaxLocal(4096), 4061u);
  EXPECT_EQ(IndexMaxLocal(4096), 1002u);
  EXPECT_EQ(MinLocal(4096), 489u);
  // P <= X: everything local.
  EXPECT_EQ(LocalPayloadSize(4061, 4061, 489, 4096), 4061u);
  // K = M + (P-M) % (U-4): 489 + 3573 = 4062 > X, so M.
  EXPECT_EQ(LocalPayloadSize(4062, 4061, 489, 4096), 489u);
  // 489 + (5000-489) % 4092 = 908 <= X.
  EXPECT_EQ(LocalPayloadSize(5000, 4061, 489, 4096), 908u);
  EXPECT_EQ(OverflowPageCount(5000, 908, 4096), 1u);
  EXPECT_EQ(OverflowPageCount(5000 + 4092, 908, 4096), 2u);
  EXPECT_EQ(OverflowPageCount(4061, 4061, 4096), 0u);
  // The smallest usable size, 480: M = (468*32/255)-23 = 35.
  EXPECT_EQ(MinLocal(480), 35u);
  EXPECT_EQ(IndexMaxLocal(480), 94u);
}

TEST(PageFormatTest, CellSizeMatchesParse) {
  const uint32_t usable = 1024;
  const PageKind kind = MakePageKind(PageType::kTableLeaf, usable);
  for (uint64_t payload : {0ull, 1ull, 100ull, 989ull, 990ull, 5000ull}) {
    std::vector<uint8_t> cell(2000, 0);
    uint32_t local = 0;
    uint32_t size = CellSizeFor(kind, usable, 300, payload, &local);
    int pos = PutVarint(cell.data(), payload);
    pos += PutVarint(cell.data() + pos, 300);
    CellInfo info;
    ASSERT_EQ(ParseCell(kind, usable, cell.data(), 2000, &info), Rc::kOk);
    EXPECT_EQ(info.cell_size, size);
    EXPECT_EQ(info.local_size, local);
    EXPECT_EQ(info.key, 300);
    EXPECT_EQ(info.payload_size, payload);
    EXPECT_EQ(info.payload, cell.data() + pos);
  }
  // A 2-byte cell still takes kMinCellSize bytes.
  uint32_t local = 0;
  EXPECT_EQ(CellSizeFor(kind, usable, 1, 0, &local), 4u);
}

TEST(PageFormatTest, ParseRejectsTruncatedCells) {
  const PageKind kind = MakePageKind(PageType::kIndexInterior, 512);
  uint8_t cell[16] = {0, 0, 0, 7, 0x85};  // child 7, payload size varint unterminated
  CellInfo info;
  EXPECT_EQ(ParseCell(kind, 512, cell, 5, &info), Rc::kCorrupt);
  cell[4] = 20;  // a 20-byte payload in a 10-byte buffer
  EXPECT_EQ(ParseCell(kind, 512, cell, 10, &info), Rc::kCorrupt);
  EXPECT_EQ(ParseCell(kind, 512, cell, 3, &info), Rc::kCorrupt);
}

TEST(PageFormatTest, HeaderValidation) {
  std::vector<uint8_t> page(512, 0);
  PageHeader header;
  EXPECT_EQ(ReadPageHeader(page.data(), 2, 512, &header), Rc::kCorrupt);  // type 0
  BtreePage view;
  view.Format(page.data(), 2, 512, PageType::kIndexLeaf);
  ASSERT_EQ(ReadPageHeader(page.data(), 2, 512, &header), Rc::kOk);
  EXPECT_EQ(header.content_start, 512u);
  EXPECT_EQ(header.cell_count, 0u);
  Put2(page.data() + 3, 300);  // 300 cell pointers cannot fit before the content area
  EXPECT_EQ(ReadPageHeader(page.data(), 2, 512, &header), Rc::kCorrupt);
  Put2(page.data() + 3, 0);
  Put2(page.data() + 5, 600);  // content area beyond the page
  EXPECT_EQ(ReadPageHeader(page.data(), 2, 512, &header), Rc::kCorrupt);
  Put2(page.data() + 5, 500);
  Put2(page.data() + 1, 400);  // a freeblock before the content area
  ASSERT_EQ(ReadPageHeader(page.data(), 2, 512, &header), Rc::kOk);
  uint32_t free_bytes = 0;
  EXPECT_EQ(ComputeFreeSpace(page.data(), 2, 512, header, &free_bytes), Rc::kCorrupt);
  Put2(page.data() + 1, 500);  // a freeblock of size 0
  Put2(page.data() + 500, 0);
  Put2(page.data() + 502, 0);
  ASSERT_EQ(ReadPageHeader(page.data(), 2, 512, &header), Rc::kOk);
  EXPECT_EQ(ComputeFreeSpace(page.data(), 2, 512, header, &free_bytes), Rc::kCorrupt);
  Put2(page.data() + 502, 12);  // 500..512: fine
  EXPECT_EQ(ComputeFreeSpace(page.data(), 2, 512, header, &free_bytes), Rc::kOk);
  EXPECT_EQ(free_bytes, 512u - 8);
  Put2(page.data() + 500, 500);  // a freeblock pointing at itself
  EXPECT_EQ(ComputeFreeSpace(page.data(), 2, 512, header, &free_bytes), Rc::kCorrupt);
}

// BtreePage::Init reads a header as ReadPageHeader does: the same verdict on any header
// bytes, the same fields, and a view left unchanged by a header it rejects.
TEST(PageFormatTest, ViewInitAgreesWithReadPageHeader) {
  std::mt19937 rng(5);
  const uint8_t types[] = {2, 5, 10, 13, 0, 1, 12, 0xff};
  const uint16_t shorts[] = {0, 1, 8, 60, 100, 250, 500, 506, 511, 512, 513, 0xffff};
  std::vector<uint8_t> good(512, 0);
  BtreePage reference;
  reference.Format(good.data(), 2, 512, PageType::kTableLeaf);
  for (int variant_idx = 0; variant_idx < 20000; variant_idx++) {
    const Pgno pgno = rng() % 2 ? 1 : 2;
    const uint32_t usable_size = rng() % 2 ? 512 : 500;
    std::vector<uint8_t> page(512, 0);
    const uint32_t hdr = PageHeaderOffset(pgno);
    page[hdr] = types[rng() % std::size(types)];
    Put2(page.data() + hdr + 3, shorts[rng() % std::size(shorts)] % (rng() % 2 ? 64 : 65536));
    Put2(page.data() + hdr + 5, shorts[rng() % std::size(shorts)]);
    PageHeader header;
    const Rc expected = ReadPageHeader(page.data(), pgno, usable_size, &header);
    BtreePage view;
    ASSERT_EQ(view.Init(good.data(), 2, 512), Rc::kOk);
    ASSERT_EQ(view.Init(page.data(), pgno, usable_size), expected);
    if (expected == Rc::kOk) {
      EXPECT_EQ(view.data(), page.data());
      EXPECT_EQ(view.kind().type, header.type);
      EXPECT_EQ(view.cell_count(), header.cell_count);
      EXPECT_EQ(view.header_offset(), hdr);
      EXPECT_EQ(view.usable_size(), usable_size);
    } else {
      EXPECT_EQ(view.data(), good.data());
      EXPECT_EQ(view.kind().type, PageType::kTableLeaf);
      EXPECT_EQ(view.usable_size(), 512u);
    }
  }
}

// A table-leaf cell with `payload_size` bytes of `fill` (no overflow), padded to 4 bytes.
std::vector<uint8_t> TableLeafCell(int64_t rowid, uint32_t payload_size, uint8_t fill) {
  std::vector<uint8_t> cell(18 + payload_size + 4, 0);
  int pos = PutVarint(cell.data(), payload_size);
  pos += PutVarint(cell.data() + pos, static_cast<uint64_t>(rowid));
  std::memset(cell.data() + pos, fill, payload_size);
  cell.resize(std::max<size_t>(pos + payload_size, kMinCellSize));
  return cell;
}

class BtreePageModelTest : public ::testing::TestWithParam<std::tuple<uint32_t, Pgno>> {};

// Random inserts and deletes on one page; after each step the layout must be exact and the
// cells must read back as the model says.
TEST_P(BtreePageModelTest, RandomInsertDelete) {
  const auto [usable, pgno] = GetParam();
  std::vector<uint8_t> page(usable, 0xAB);
  std::vector<uint8_t> scratch(usable);
  BtreePage view;
  view.Format(page.data(), pgno, usable, PageType::kTableLeaf);
  std::vector<std::vector<uint8_t>> model;
  std::mt19937 rng(usable + pgno);
  const uint32_t max_payload = std::min<uint32_t>(usable / 8, TableLeafMaxLocal(usable));
  bool saw_fragments = false;
  bool saw_freeblocks = false;
  for (int step = 0; step < 4000; step++) {
    const bool insert = model.empty() || rng() % 100 < 55;
    if (insert) {
      uint32_t payload = rng() % 4 == 0 ? rng() % 3 : rng() % max_payload;
      auto cell = TableLeafCell(step, payload, static_cast<uint8_t>(step));
      uint32_t idx = rng() % (model.size() + 1);
      bool fitted = false;
      ASSERT_EQ(view.InsertCell(idx, cell.data(), static_cast<uint32_t>(cell.size()),
                                scratch.data(), &fitted),
                Rc::kOk);
      if (fitted) model.insert(model.begin() + idx, cell);
    } else {
      uint32_t idx = rng() % model.size();
      CellInfo info;
      ASSERT_EQ(view.Cell(idx, &info), Rc::kOk);
      ASSERT_EQ(view.DropCell(idx, info.cell_size), Rc::kOk);
      model.erase(model.begin() + idx);
    }
    ASSERT_EQ(CheckPageLayout(page.data(), pgno, usable, scratch), Rc::kOk) << "step " << step;
    ASSERT_EQ(view.cell_count(), model.size());
    uint32_t free_bytes = 0;
    ASSERT_EQ(view.FreeSpace(&free_bytes), Rc::kOk);
    uint32_t used = 0;
    for (uint32_t cell_idx = 0; cell_idx < model.size(); cell_idx++) {
      CellInfo info;
      ASSERT_EQ(view.Cell(cell_idx, &info), Rc::kOk);
      ASSERT_EQ(info.cell_size, model[cell_idx].size());
      uint32_t offset = 0;
      ASSERT_EQ(view.CellOffset(cell_idx, &offset), Rc::kOk);
      ASSERT_EQ(std::memcmp(page.data() + offset, model[cell_idx].data(), info.cell_size), 0);
      used += info.cell_size + kCellPointerSize;
    }
    ASSERT_EQ(free_bytes + used, usable - PageHeaderOffset(pgno) - kLeafHeaderSize);
    // A fresh parse agrees with the incrementally maintained free count.
    BtreePage reparsed;
    ASSERT_EQ(reparsed.Init(page.data(), pgno, usable), Rc::kOk);
    uint32_t reparsed_free = 0;
    ASSERT_EQ(reparsed.FreeSpace(&reparsed_free), Rc::kOk);
    ASSERT_EQ(reparsed_free, free_bytes);
    const uint32_t hdr = PageHeaderOffset(pgno);
    saw_fragments |= page[hdr + 7] != 0;
    saw_freeblocks |= Get2(page.data() + hdr + 1) != 0;
  }
  // The run exercised the interesting paths.
  EXPECT_TRUE(saw_fragments);
  EXPECT_TRUE(saw_freeblocks);
}

// A cell replaced by a larger one on a full page (a row that grows in place) leaves one
// freeblock that the new cell does not fit: the cells below it slide up over it, their
// fragments with them (the whole-page defragmentation would have counted none), and every
// cell reads back.
TEST(PageFormatTest, AGrowingCellSlidesTheCellsOverItsFreeblock) {
  const uint32_t usable = 512;
  std::vector<uint8_t> page(usable, 0xAB);
  std::vector<uint8_t> scratch(usable);
  BtreePage view;
  view.Format(page.data(), 2, usable, PageType::kTableLeaf);
  std::vector<std::vector<uint8_t>> model;
  auto insert = [&](uint32_t idx, const std::vector<uint8_t>& cell) {
    bool fitted = false;
    ASSERT_EQ(view.InsertCell(idx, cell.data(), static_cast<uint32_t>(cell.size()),
                              scratch.data(), &fitted),
              Rc::kOk);
    ASSERT_TRUE(fitted);
    model.insert(model.begin() + idx, cell);
  };
  auto drop = [&](uint32_t idx) {
    CellInfo info;
    ASSERT_EQ(view.Cell(idx, &info), Rc::kOk);
    ASSERT_EQ(view.DropCell(idx, info.cell_size), Rc::kOk);
    model.erase(model.begin() + idx);
  };
  for (int64_t rowid = 0; rowid < 20; rowid++) insert(rowid, TableLeafCell(rowid, 18, 'a'));
  // A 2-byte fragment: a 20-byte cell's place taken by an 18-byte one.
  drop(5);
  insert(5, TableLeafCell(5, 16, 'b'));
  const uint32_t hdr = PageHeaderOffset(2);
  ASSERT_EQ(page[hdr + 7], 2);
  // Fill the gap, then grow cell 12 by 8 bytes.
  for (int64_t rowid = 20;; rowid++) {
    uint32_t free_bytes = 0;
    ASSERT_EQ(view.FreeSpace(&free_bytes), Rc::kOk);
    if (free_bytes < 24) break;  // a 20-byte gap is left, with the fragment
    insert(static_cast<uint32_t>(model.size()), TableLeafCell(rowid, 18, 'c'));
  }
  drop(12);
  ASSERT_NE(Get2(page.data() + hdr + 1), 0u);
  insert(12, TableLeafCell(12, 26, 'd'));
  EXPECT_EQ(page[hdr + 7], 2);  // the fragment slid along: no whole-page defragmentation
  ASSERT_EQ(CheckPageLayout(page.data(), 2, usable, scratch), Rc::kOk);
  ASSERT_EQ(view.cell_count(), model.size());
  for (uint32_t cell_idx = 0; cell_idx < model.size(); cell_idx++) {
    uint32_t offset = 0;
    ASSERT_EQ(view.CellOffset(cell_idx, &offset), Rc::kOk);
    EXPECT_EQ(std::memcmp(page.data() + offset, model[cell_idx].data(), model[cell_idx].size()),
              0)
        << cell_idx;
  }
}

TEST(PageFormatTest, LayoutProblemsAreReported) {
  std::vector<uint8_t> page(512, 0);
  std::vector<uint8_t> scratch(512);
  BtreePage view;
  view.Format(page.data(), 2, 512, PageType::kTableLeaf);
  for (int64_t rowid = 1; rowid <= 3; rowid++) {
    auto cell = TableLeafCell(rowid, 20, 1);
    bool fitted = false;
    ASSERT_EQ(view.InsertCell(static_cast<uint32_t>(rowid - 1), cell.data(),
                              static_cast<uint32_t>(cell.size()), scratch.data(), &fitted),
              Rc::kOk);
  }
  LayoutProblem problem;
  ASSERT_EQ(CheckPageLayout(page.data(), 2, 512, scratch, &problem), Rc::kOk);
  EXPECT_EQ(problem.kind, LayoutProblem::Kind::kNone);
  page[7] = 5;  // five fragment bytes that do not exist
  EXPECT_EQ(CheckPageLayout(page.data(), 2, 512, scratch, &problem), Rc::kCorrupt);
  EXPECT_EQ(problem.kind, LayoutProblem::Kind::kFragments);
  EXPECT_EQ(problem.fragments_found, 0u);
  EXPECT_EQ(problem.fragments_reported, 5u);
  page[7] = 0;
  const uint32_t first = Get2(page.data() + 8);
  Put2(page.data() + 10, first + 4);  // cell 1 starts inside cell 0
  EXPECT_EQ(CheckPageLayout(page.data(), 2, 512, scratch, &problem), Rc::kCorrupt);
  EXPECT_EQ(problem.kind, LayoutProblem::Kind::kOverlap);
  Put2(page.data() + 10, 510);  // too close to the end for any cell
  EXPECT_EQ(CheckPageLayout(page.data(), 2, 512, scratch, &problem), Rc::kCorrupt);
  EXPECT_EQ(problem.kind, LayoutProblem::Kind::kCellOffset);
  EXPECT_EQ(problem.cell_idx, 1u);
  Put2(page.data() + 10, 500);  // a 100-byte payload cannot start 12 bytes before the end
  page[500] = 100;
  EXPECT_EQ(CheckPageLayout(page.data(), 2, 512, scratch, &problem), Rc::kCorrupt);
  EXPECT_EQ(problem.kind, LayoutProblem::Kind::kCellExtends);
}

INSTANTIATE_TEST_SUITE_P(Sizes, BtreePageModelTest,
                         ::testing::Values(std::make_tuple(512u, 2u), std::make_tuple(480u, 1u),
                                           std::make_tuple(4096u, 1u),
                                           std::make_tuple(65536u, 3u)));

// Every page of a database written by real SQLite parses, and its cells, freeblocks and
// fragment count account for every byte: the spill formulas and cell sizes agree with SQLite.
TEST(PageFormatTest, RealSqlitePagesPassLayoutCheck) {
  simlite::testing::TempDir dir;
  const std::string path = dir.File("real.db");
  for (int page_size : {512, 4096}) {
    std::remove(path.c_str());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string sql = "PRAGMA page_size=" + std::to_string(page_size) +
                      "; CREATE TABLE t(a, b); CREATE INDEX ti ON t(b);"
                      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<600)"
                      " INSERT INTO t SELECT x, randomblob(x * 7 % 3000) FROM c;"
                      "DELETE FROM t WHERE a % 3 = 0;";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), {});
    ASSERT_EQ(file.size() % page_size, 0u);
    std::vector<uint8_t> scratch(page_size);
    int btree_pages = 0;
    // Pages that are b-tree pages: every non-free, non-overflow page. Overflow and freelist
    // pages start with a page number, whose first byte is 0 in a small file.
    for (size_t page_idx = 0; page_idx < file.size() / page_size; page_idx++) {
      const uint8_t* page = file.data() + page_idx * page_size;
      const Pgno pgno = static_cast<Pgno>(page_idx + 1);
      if (!IsValidPageType(page[PageHeaderOffset(pgno)])) continue;
      btree_pages++;
      EXPECT_EQ(CheckPageLayout(page, pgno, page_size, scratch), Rc::kOk) << "page " << pgno;
    }
    EXPECT_GT(btree_pages, 4);
  }
}

}  // namespace
// Regression (simlite-sim --faults flip, seed 85): cell sizes read from a page whose bits
// flipped summed to more than a page, and Rebuild asserted instead of reporting corruption.
TEST(PageFormatTest, RebuildRefusesCellsThatDoNotFit) {
  std::vector<uint8_t> page(512);
  std::vector<uint8_t> cell(300, 7);
  BtreePage view;
  view.Format(page.data(), 2, 512, PageType::kTableLeaf);
  const uint8_t* cells[] = {cell.data(), cell.data()};
  const uint16_t fits[] = {200, 200};
  EXPECT_EQ(view.Rebuild(PageType::kTableLeaf, cells, fits, 0), Rc::kOk);
  const uint16_t too_big[] = {300, 300};
  EXPECT_EQ(view.Rebuild(PageType::kTableLeaf, cells, too_big, 0), Rc::kCorrupt);
  const uint16_t wraps[] = {60000, 10};
  EXPECT_EQ(view.Rebuild(PageType::kTableLeaf, cells, wraps, 0), Rc::kCorrupt);
  // A source inside the page being rebuilt.
  const uint8_t* inside[] = {page.data() + 400};
  const uint16_t small[] = {10};
  EXPECT_EQ(view.Rebuild(PageType::kTableLeaf, inside, small, 0), Rc::kCorrupt);
}

}  // namespace simlite::btree

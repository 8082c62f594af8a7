// simlite: for now, a tool that opens a SQLite database file and describes it. It grows
// into the interactive shell once the SQL engine lands.
#include <cstdio>
#include <memory>

#include "common/varint.h"
#include "io/posix_io.h"

int main(int argc, char** argv) {
  using namespace simlite;
  if (argc != 2) {
    std::fprintf(stderr, "usage: simlite DATABASE\n");
    return 2;
  }
  std::unique_ptr<io::Io> io = io::CreateDefaultIo();
  io::FileId file = io::kNoFile;
  Rc rc = io->Open(argv[1], io::OpenFlags{.read_write = false}, &file);
  if (rc != Rc::kOk) {
    std::fprintf(stderr, "Error: unable to open database \"%s\": %s\n", argv[1], ErrStr(rc));
    return 1;
  }
  uint8_t header[100];
  rc = io->Read(file, 0, header, sizeof(header));
  io->Close(file);
  if (rc != Rc::kOk || std::string_view(reinterpret_cast<char*>(header), 16) !=
                           std::string_view("SQLite format 3\0", 16)) {
    std::fprintf(stderr, "Error: file is not a database\n");
    return 1;
  }
  uint32_t page_size = Get2(header + 16) == 1 ? 65536 : Get2(header + 16);
  std::printf("io backend: %.*s\npage size: %u\npages: %u\n", int(io->name().size()),
              io->name().data(), page_size, Get4(header + 28));
  return 0;
}

// One simlite-sim run: a seed's configuration, schema and statement stream, executed on real
// SQLite and on simlite over a simulated disk, with every result compared, crashes injected
// and recovered from, and integrity checked at the end.
//
// Oracles:
//  1. Differential: rows (as ordered lists when ORDER BY fixes the order, else as multisets),
//     error versus success and the extended result code, the error message, changes() and
//     last_insert_rowid() must match real SQLite's.
//  2. Durability and atomicity after a crash: the recovered database must equal real
//     SQLite's state after the last acknowledged commit, or — when the crash hit a commit in
//     flight — after that commit.
//  3. Integrity at the end: real SQLite's PRAGMA integrity_check on the simulated disk image.
//  4. Metamorphic (TLP, NoREC: metamorphic.h): simlite's answers to a SELECT and to queries
//     derived from it must agree, whatever SQLite says.
//  5. Determinism: the run's hash covers every statement, result and io operation, so two
//     runs of a seed can be compared (--check-determinism).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulator/workload.h"

namespace simlite::sim {

struct RunOptions {
  uint64_t operations = 300;
  bool compare_messages = true;
  // Runs the TLP and NoREC checks (metamorphic.h) after each qualifying SELECT.
  bool metamorphic = true;
  // Replays these statements (schema included) instead of generating a stream; crashes and
  // faults are then off, so that shrinking is deterministic.
  const std::vector<std::string>* script = nullptr;
};

struct RunResult {
  bool failed = false;
  std::string failure;                  // what differed, with both sides
  // Which oracle failed and how ("differs: rows", "TLP", "crash", "end: state", ...), and the
  // statement it failed at ("" for a failure of the run's end).
  std::string failure_kind;
  std::string failure_statement;
  std::vector<std::string> statements;  // every statement executed, in order
  uint64_t hash = 0;                    // of statements, outcomes and io
  uint64_t crashes = 0;
  uint64_t faults = 0;  // statements an injected I/O fault failed
  uint64_t metamorphic_checks = 0;  // SELECTs checked by TLP and NoREC
  uint64_t injected[static_cast<size_t>(FaultKind::kCount)] = {};  // faults injected, by kind
};

RunResult RunSimulation(const SwarmConfig& config, const RunOptions& options);

// Shrinks a failing run's statements to a smaller list that still fails the same way (delta
// debugging: drop chunks, then single statements, while the replay of the whole list's failure
// persists: the same kind, at the same statement text). Bounded by max_runs.
std::vector<std::string> Shrink(const SwarmConfig& config, std::vector<std::string> statements,
                                bool compare_messages, int max_runs);

}  // namespace simlite::sim

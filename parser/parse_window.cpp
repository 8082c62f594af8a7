// Window definitions (lang_windowfunc.html): OVER (...) specs, frames and the WINDOW clause.
#include "parser/parser_impl.h"

namespace simlite::parser {
namespace {

// SQLite orders frame boundaries UNBOUNDED PRECEDING < PRECEDING < CURRENT ROW < FOLLOWING <
// UNBOUNDED FOLLOWING and rejects a frame whose start comes after its end in two cases.
bool IsUnsupportedFrame(FrameBoundKind start, FrameBoundKind end) {
  return (start == FrameBoundKind::kCurrentRow && end == FrameBoundKind::kPreceding) ||
         (start == FrameBoundKind::kFollowing &&
          (end == FrameBoundKind::kPreceding || end == FrameBoundKind::kCurrentRow));
}

}  // namespace

// Inside "OVER (" or "AS (": [base] [PARTITION BY exprs] [ORDER BY terms] [frame]; the ")"
// is left to the caller.
WindowSpec* Parser::ParseWindowSpec() {
  LrFrame frame(this);
  WindowSpec* spec = arena_->New<WindowSpec>();
  Tok kind = PeekKind();
  bool keyword_start = kind == Tok::kPartition || kind == Tok::kOrder || kind == Tok::kRange ||
                       kind == Tok::kRows || kind == Tok::kGroups;
  if (!keyword_start && !At(Tok::kRp)) SIMLITE_PARSE_TRY(ParseNm(&spec->base));
  if (Accept(Tok::kPartition)) {
    SIMLITE_PARSE_TRY(Expect(Tok::kBy));
    SIMLITE_PARSE_TRY(ParseExprList(&spec->partition_by));
  }
  if (At(Tok::kOrder)) SIMLITE_PARSE_TRY(ParseOrderBy(&spec->order_by));
  SIMLITE_PARSE_TRY(ParseFrame(&spec->frame));
  return spec;
}

// [RANGE|ROWS|GROUPS (start | BETWEEN start AND end) [EXCLUDE ...]]
bool Parser::ParseFrame(FrameSpec** out) {
  FrameUnit unit;
  switch (PeekKind()) {
    case Tok::kRange:
      unit = FrameUnit::kRange;
      break;
    case Tok::kRows:
      unit = FrameUnit::kRows;
      break;
    case Tok::kGroups:
      unit = FrameUnit::kGroups;
      break;
    default:
      return !failed_;
  }
  SIMLITE_PARSE_TRY(Consume());
  FrameSpec* frame = arena_->New<FrameSpec>();
  frame->unit = unit;
  if (Accept(Tok::kBetween)) {
    frame->between = true;
    SIMLITE_PARSE_TRY(ParseFrameBound(&frame->start, true));
    SIMLITE_PARSE_TRY(Expect(Tok::kAnd));
    SIMLITE_PARSE_TRY(ParseFrameBound(&frame->end, false));
  } else {
    SIMLITE_PARSE_TRY(ParseFrameBound(&frame->start, true));
    frame->end.kind = FrameBoundKind::kCurrentRow;
  }
  if (Accept(Tok::kExclude)) {
    if (Accept(Tok::kNo)) {
      SIMLITE_PARSE_TRY(Expect(Tok::kOthers));
      frame->exclude = FrameExclude::kNoOthers;
    } else if (Accept(Tok::kCurrent)) {
      SIMLITE_PARSE_TRY(Expect(Tok::kRow));
      frame->exclude = FrameExclude::kCurrentRow;
    } else if (Accept(Tok::kGroup)) {
      frame->exclude = FrameExclude::kGroup;
    } else {
      SIMLITE_PARSE_TRY(Expect(Tok::kTies));
      frame->exclude = FrameExclude::kTies;
    }
  }
  if (IsUnsupportedFrame(frame->start.kind, frame->end.kind)) {
    ActionError("unsupported frame specification");
  }
  *out = frame;
  return true;
}

// UNBOUNDED PRECEDING (start only) | UNBOUNDED FOLLOWING (end only) | CURRENT ROW |
// expr PRECEDING | expr FOLLOWING
bool Parser::ParseFrameBound(FrameBound* bound, bool is_start) {
  if (Accept(Tok::kUnbounded)) {
    bound->kind =
        is_start ? FrameBoundKind::kUnboundedPreceding : FrameBoundKind::kUnboundedFollowing;
    return Expect(is_start ? Tok::kPreceding : Tok::kFollowing);
  }
  if (Accept(Tok::kCurrent)) {
    bound->kind = FrameBoundKind::kCurrentRow;
    return Expect(Tok::kRow);
  }
  bound->offset = ParseExpr();
  SIMLITE_PARSE_TRY(bound->offset);
  if (Accept(Tok::kPreceding)) {
    bound->kind = FrameBoundKind::kPreceding;
    return true;
  }
  bound->kind = FrameBoundKind::kFollowing;
  return Expect(Tok::kFollowing);
}

// WINDOW name AS (spec) [, name AS (spec)]...
bool Parser::ParseWindowClause(ArenaList<WindowDef>* windows) {
  SIMLITE_PARSE_TRY(Expect(Tok::kWindow));
  LrFrame list(this);
  do {
    list.Reduce(windows->empty() ? 0 : 2);  // the definitions so far and a comma
    WindowDef def;
    SIMLITE_PARSE_TRY(ParseNm(&def.name));
    SIMLITE_PARSE_TRY(Expect(Tok::kAs) && Expect(Tok::kLp));
    def.spec = ParseWindowSpec();
    SIMLITE_PARSE_TRY(def.spec);
    SIMLITE_PARSE_TRY(Expect(Tok::kRp));
    windows->PushBack(arena_, def);
  } while (Accept(Tok::kComma));
  return true;
}

}  // namespace simlite::parser

// CodegenContext's authorizer calls (authorizer.h).
#include <algorithm>
#include <string>

#include "codegen/codegen_context.h"
#include "codegen/name_context.h"

namespace simlite::codegen {

namespace {

// A NUL-terminated copy of an argument (the callback takes C strings), or none for NULL.
struct CArg {
  explicit CArg(AuthArg arg) : present(arg.has_value()) {
    if (present) text.assign(arg->data(), arg->size());
  }
  const char* get() const { return present ? text.c_str() : nullptr; }
  bool present;
  std::string text;
};

}  // namespace

int CodegenContext::AskAuthorizer(AuthAction action, AuthArg arg1, AuthArg arg2, AuthArg database) {
  const CArg c_arg1(arg1);
  const CArg c_arg2(arg2);
  const CArg c_database(database);
  const CArg c_inner(auth_context_.empty() ? AuthArg() : AuthArg(auth_context_));
  return (*options_.authorizer)(static_cast<int>(action), c_arg1.get(), c_arg2.get(),
                                c_database.get(), c_inner.get());
}

Rc CodegenContext::Authorize(AuthAction action, AuthArg arg1, AuthArg arg2, AuthArg database,
                             bool* ignore) {
  if (ignore != nullptr) *ignore = false;
  if (options_.authorizer == nullptr) return Rc::kOk;
  const int answer = AskAuthorizer(action, arg1, arg2, database);
  // A column read says which column (SQLite's sqlite3AuthReadCol); the read of no column of
  // a table (AuthorizeUnreadTables) is a plain denial.
  if (answer == kAuthDeny && action == AuthAction::kRead && arg1.has_value() && arg2.has_value() &&
      !arg2->empty()) {
    return Error(Rc::kAuth,
                 "access to " + std::string(*arg1) + "." + std::string(*arg2) + " is prohibited");
  }
  if (answer == kAuthDeny) return Error(Rc::kAuth, "not authorized");
  if (answer != kAuthOk && answer != kAuthIgnore) return Error("authorizer malfunction");
  if (ignore != nullptr) *ignore = answer == kAuthIgnore;
  return Rc::kOk;
}

Rc CodegenContext::AuthorizeRead(const void* reference, const void* item, std::string_view table,
                                 std::string_view column, std::string_view database,
                                 bool* ignore) {
  *ignore = false;
  if (options_.authorizer == nullptr) return Rc::kOk;
  if (auto it = auth_answers_.find(reference); it != auth_answers_.end()) {
    *ignore = it->second;
    return Rc::kOk;
  }
  const int answer = AskAuthorizer(AuthAction::kRead, table, column, database);
  if (answer == kAuthDeny) {
    return Error(Rc::kAuth,
                 "access to " + std::string(table) + "." + std::string(column) + " is prohibited");
  }
  if (answer != kAuthOk && answer != kAuthIgnore) return Error("authorizer malfunction");
  *ignore = answer == kAuthIgnore;
  auth_answers_[reference] = *ignore;
  // An ignored read still counts as a use of the table (SQLite's colUsed is set first).
  NoteRead(item);
  return Rc::kOk;
}

Rc CodegenContext::AuthorizeFunction(const void* reference, std::string_view name, bool* ignore) {
  *ignore = false;
  if (options_.authorizer == nullptr) return Rc::kOk;
  if (auto it = auth_answers_.find(reference); it != auth_answers_.end()) {
    *ignore = it->second;
    return Rc::kOk;
  }
  const int answer = AskAuthorizer(AuthAction::kFunction, AuthArg(), name, AuthArg());
  // SQLite words a denied function its own way (and reports SQLITE_ERROR for it).
  if (answer == kAuthDeny) return Error("not authorized to use function: " + std::string(name));
  if (answer != kAuthOk && answer != kAuthIgnore) return Error("authorizer malfunction");
  *ignore = answer == kAuthIgnore;
  auth_answers_[reference] = *ignore;
  return Rc::kOk;
}

void CodegenContext::NoteRead(const void* item) {
  if (item != nullptr && !ReadsOf(item)) read_items_.push_back(item);
}

bool CodegenContext::ReadsOf(const void* item) const {
  return std::find(read_items_.begin(), read_items_.end(), item) != read_items_.end();
}

namespace {

// The name SQLite gives a table's rowid in SQLITE_READ: its INTEGER PRIMARY KEY column's.
std::string_view RowidName(const Table& table) {
  return table.rowid_alias >= 0
             ? std::string_view(table.columns[static_cast<size_t>(table.rowid_alias)].name)
             : std::string_view("ROWID");
}

}  // namespace

Rc AuthorizeColumnRead(CodegenContext* ctx, const parser::ColumnExpr& expr, const ColumnRef& ref,
                       bool* ignore) {
  *ignore = false;
  if (!ctx->has_authorizer()) return Rc::kOk;
  if (ref.kind == ColumnRef::Kind::kRegister) {
    // NEW.x / OLD.x: a column of the trigger's table (not excluded.x of an upsert).
    const TriggerFrame* frame = ctx->trigger_frame();
    if (frame == nullptr || frame->table == nullptr || SameName(expr.table.text, "excluded")) {
      return Rc::kOk;
    }
    const std::string_view column = ref.table_column != nullptr
                                        ? std::string_view(ref.table_column->name)
                                        : RowidName(*frame->table);
    return ctx->AuthorizeRead(&expr, nullptr, frame->table->name, column,
                              ctx->DatabaseName(frame->table->db), ignore);
  }
  if (ref.kind != ColumnRef::Kind::kColumn && ref.kind != ColumnRef::Kind::kRowid) {
    return Rc::kOk;
  }
  const FromItem& item = (*ref.context->items)[static_cast<size_t>(ref.item)];
  if (item.table != nullptr) {
    // The rowid (or its alias) does not count as a column read: SQLite still asks about the
    // table as unread (AuthorizeUnreadTables) when nothing else is read.
    const bool rowid = ref.kind == ColumnRef::Kind::kRowid || ref.column == item.table->rowid_alias;
    const std::string_view column =
        rowid ? RowidName(*item.table)
              : std::string_view(item.table->columns[static_cast<size_t>(ref.column)].name);
    return ctx->AuthorizeRead(&expr, rowid ? nullptr : item.ref, item.table->name, column,
                              item.schema_name, ignore);
  }
  // A view's column (SQLite reads views as tables of the schema); the columns of CTEs and
  // subqueries need no authorization, but count as reads of their FROM item.
  if (item.view_source.empty() || item.ref == nullptr || ref.kind != ColumnRef::Kind::kColumn) {
    ctx->NoteRead(item.ref);
    return Rc::kOk;
  }
  return ctx->AuthorizeRead(&expr, item.ref, item.ref->name.name.text,
                            item.columns[static_cast<size_t>(ref.column)].name, item.schema_name,
                            ignore);
}

}  // namespace simlite::codegen

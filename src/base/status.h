// Errors as values: a Status is OK or a code with "what" and "where" (file, byte offset, rule
// file:line). Result<T> holds a T or a non-OK Status. No exception crosses a stage boundary.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace jikenbo {

enum class Code : uint8_t {
  kOk,
  kInvalidInput,
  kUnsupported,
  kNotFound,
  kIoError,
  kCorrupt,
  kDeadlineExceeded,
  kInternal
};

const char* CodeName(Code code);

// Copyable value. Thread-compatible.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string what, std::string where = {}) {
    return Status(Code::kInvalidInput, std::move(what), std::move(where));
  }
  static Status Unsupported(std::string what, std::string where = {}) {
    return Status(Code::kUnsupported, std::move(what), std::move(where));
  }
  static Status NotFound(std::string what, std::string where = {}) {
    return Status(Code::kNotFound, std::move(what), std::move(where));
  }
  static Status IoError(std::string what, std::string where = {}) {
    return Status(Code::kIoError, std::move(what), std::move(where));
  }
  static Status Corrupt(std::string what, std::string where = {}) {
    return Status(Code::kCorrupt, std::move(what), std::move(where));
  }
  static Status DeadlineExceeded(std::string what, std::string where = {}) {
    return Status(Code::kDeadlineExceeded, std::move(what), std::move(where));
  }
  static Status Internal(std::string what, std::string where = {}) {
    return Status(Code::kInternal, std::move(what), std::move(where));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& what() const { return what_; }
  const std::string& where() const { return where_; }
  // "InvalidInput: bad UTF-8: a.txt@1042" (where omitted when empty).
  std::string ToString() const;
  // The same error, located at `where` (a stage that knows no path reports to one that does).
  Status At(std::string where) const { return Status(code_, what_, std::move(where)); }

 private:
  Status(Code code, std::string what, std::string where)
      : code_(code), what_(std::move(what)), where_(std::move(where)) {}
  Code code_ = Code::kOk;
  std::string what_;
  std::string where_;
};

// A T or a non-OK Status. REQUIRES: constructed from a non-OK Status when it holds no value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like absl::StatusOr
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from OK status");
  }
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace jikenbo

#define JK_CONCAT_INNER(a, b) a##b
#define JK_CONCAT(a, b) JK_CONCAT_INNER(a, b)

#define JK_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::jikenbo::Status jk_status_ = (expr);   \
    if (!jk_status_.ok()) return jk_status_; \
  } while (0)

#define JK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

#define JK_ASSIGN_OR_RETURN(lhs, expr) \
  JK_ASSIGN_OR_RETURN_IMPL(JK_CONCAT(jk_result_, __LINE__), lhs, expr)

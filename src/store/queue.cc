#include "store/queue.h"

#include "store/sql_store.h"
#include "store/store.h"

namespace jikenbo::store {
namespace {

// Times come from the server's clock, so that workers on machines whose clocks differ agree
// on when a lease ran out.
constexpr const char* kNow = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

class PgJobQueue : public JobQueue {
 public:
  explicit PgJobQueue(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Result<size_t> Enqueue(const std::vector<std::string>& inputs, int64_t max_attempts) override {
    JK_RETURN_IF_ERROR(db_->Exec("BEGIN"));
    size_t added = 0;
    for (const std::string& input : inputs) {
      Stmt st(db_.get(),
              (std::string("INSERT INTO jobs (input, max_attempts, enqueued_at)"
                           " VALUES (?1, ?2, ") +
               kNow + ") ON CONFLICT (input) WHERE state = 'pending' DO NOTHING RETURNING id")
                  .c_str());
      st.Bind(1, input).Bind(2, max_attempts);
      const int rc = st.Step();
      if (rc != kRow && rc != kDone) {
        Status s = st.Error("enqueue");
        (void)db_->Exec("ROLLBACK");
        return s;
      }
      if (rc == kRow) ++added;
    }
    JK_RETURN_IF_ERROR(db_->Exec("COMMIT"));
    return added;
  }

  Result<std::optional<Job>> Claim(const std::string& worker, double lease_seconds) override {
    {
      // A job whose lease ran out on its last attempt: its worker died every time.
      Stmt give_up(db_.get(),
                   (std::string("UPDATE jobs SET state = 'failed', finished_at = ") + kNow +
                    ", error = 'the worker (' || worker || ') stopped before finishing"
                    " its last attempt' WHERE state = 'running' AND lease_until < now()"
                    " AND attempts >= max_attempts")
                       .c_str());
      JK_RETURN_IF_ERROR(give_up.Run("claim"));
    }
    Stmt st(db_.get(),
            (std::string("UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = ?1,"
                         " started_at = ") +
             kNow +
             ", lease_until = now() + make_interval(secs => ?2) WHERE id = ("
             "SELECT id FROM jobs WHERE state = 'pending' OR (state = 'running' AND lease_until <"
             " now()) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " +
             kColumns)
                .c_str());
    st.Bind(1, worker).Bind(2, lease_seconds);
    const int rc = st.Step();
    if (rc == kDone) return std::optional<Job>();
    if (rc != kRow) return st.Error("claim");
    return std::optional<Job>(Read(st));
  }

  Result<bool> Renew(int64_t id, const std::string& worker, double lease_seconds) override {
    Stmt st(db_.get(),
            "UPDATE jobs SET lease_until = now() + make_interval(secs => ?3)"
            " WHERE id = ?1 AND worker = ?2 AND state = 'running' RETURNING id");
    st.Bind(1, id).Bind(2, worker).Bind(3, lease_seconds);
    const int rc = st.Step();
    if (rc != kRow && rc != kDone) return st.Error("renew lease");
    return rc == kRow;
  }

  Status Finish(int64_t id, const std::string& worker, const std::string& outcome) override {
    Stmt st(db_.get(),
            (std::string("UPDATE jobs SET state = 'done', outcome = ?3, finished_at = ") + kNow +
             ", lease_until = NULL WHERE id = ?1 AND worker = ?2")
                .c_str());
    st.Bind(1, id).Bind(2, worker).Bind(3, outcome);
    return st.Run("finish job");
  }

  Status Fail(int64_t id, const std::string& worker, const std::string& error) override {
    Stmt st(db_.get(),
            (std::string("UPDATE jobs SET error = ?3, lease_until = NULL, finished_at = CASE WHEN"
                         " attempts >= max_attempts THEN ") +
             kNow +
             " END, state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END"
             " WHERE id = ?1 AND worker = ?2")
                .c_str());
    st.Bind(1, id).Bind(2, worker).Bind(3, error);
    return st.Run("fail job");
  }

  Result<QueueCounts> Counts() override {
    Stmt st(db_.get(),
            "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state ="
            " 'running'), count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state ="
            " 'failed') FROM jobs");
    if (st.Step() != kRow) return st.Error("queue");
    return QueueCounts{st.Int(0), st.Int(1), st.Int(2), st.Int(3)};
  }

  Result<std::vector<Job>> List(const std::string& state, size_t limit) override {
    Stmt st(db_.get(), (std::string("SELECT ") + kColumns +
                        " FROM jobs WHERE ?1 = '' OR state = ?1 ORDER BY id DESC LIMIT ?2")
                           .c_str());
    st.Bind(1, state).Bind(2, limit == 0 ? kNoLimit : static_cast<int64_t>(limit));
    std::vector<Job> out;
    for (int rc = st.Step(); rc != kDone; rc = st.Step()) {
      if (rc != kRow) return st.Error("queue");
      out.push_back(Read(st));
    }
    return out;
  }

 private:
  static constexpr const char* kColumns =
      "id, input, state, attempts, max_attempts, enqueued_at, coalesce(started_at, ''),"
      " coalesce(finished_at, ''), worker, error, outcome";
  static Job Read(const Stmt& st) {
    return Job{st.Int(0),  st.Text(1), st.Text(2), st.Int(3),  st.Int(4),  st.Text(5),
               st.Text(6), st.Text(7), st.Text(8), st.Text(9), st.Text(10)};
  }

  std::unique_ptr<Db> db_;
};

}  // namespace

Result<std::unique_ptr<JobQueue>> OpenJobQueue(const std::string& db) {
  if (!IsPostgresUri(db)) {
    return Status::Unsupported(
        "the work queue needs a shared PostgreSQL casebook (--db postgresql://...); a SQLite "
        "casebook is ingested with jikenbo ingest",
        db);
  }
  JK_ASSIGN_OR_RETURN(std::unique_ptr<Db> conn, OpenPostgresDb(db));
  return std::unique_ptr<JobQueue>(std::make_unique<PgJobQueue>(std::move(conn)));
}

}  // namespace jikenbo::store

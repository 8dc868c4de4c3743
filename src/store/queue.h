// The work queue of a shared (PostgreSQL) casebook: inputs to ingest (paths every worker can
// read, or URLs) wait as jobs; workers on any machine claim them with FOR UPDATE SKIP LOCKED and
// hold a lease they renew while working. A worker that dies stops renewing, its lease runs out
// and another takes the job again; a job is tried at most max_attempts times, and its last error
// is kept. Ingesting is idempotent (documents are keyed by their bytes), so a job retried after
// a worker died between storing and finishing stores nothing twice.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace jikenbo::store {

struct Job {
  int64_t id = 0;
  std::string input;
  std::string state;  // pending, running, done, failed
  int64_t attempts = 0;
  int64_t max_attempts = 0;
  std::string enqueued_at, started_at, finished_at;  // ISO 8601 UTC; empty if not yet
  std::string worker;                                // who holds it (running) or held it last
  std::string error;                                 // the last attempt's error
  std::string outcome;  // done: what it gave ("ingested 2 articles", "duplicate")
};

struct QueueCounts {
  int64_t pending = 0, running = 0, done = 0, failed = 0;
};

class JobQueue {
 public:
  virtual ~JobQueue() = default;
  // Adds jobs; an input already waiting (pending) is not added twice. Returns how many were.
  virtual Result<size_t> Enqueue(const std::vector<std::string>& inputs, int64_t max_attempts) = 0;
  // Takes the oldest job that is pending or whose lease ran out, for `lease_seconds`; none when
  // there is nothing to take. A job whose lease ran out on its last attempt fails instead.
  virtual Result<std::optional<Job>> Claim(const std::string& worker, double lease_seconds) = 0;
  // Extends the lease of a job this worker holds; false when it no longer holds it.
  virtual Result<bool> Renew(int64_t id, const std::string& worker, double lease_seconds) = 0;
  virtual Status Finish(int64_t id, const std::string& worker, const std::string& outcome) = 0;
  // The attempt failed: the job waits again (pending) unless it has had its last attempt.
  virtual Status Fail(int64_t id, const std::string& worker, const std::string& error) = 0;
  virtual Result<QueueCounts> Counts() = 0;
  // Jobs in one state ("" for all), newest first, at most limit.
  virtual Result<std::vector<Job>> List(const std::string& state, size_t limit) = 0;
};

// The queue of the PostgreSQL casebook at uri (its own connection; creates the tables if need
// be). Unsupported for a SQLite casebook: the queue is for many machines.
Result<std::unique_ptr<JobQueue>> OpenJobQueue(const std::string& db);

}  // namespace jikenbo::store

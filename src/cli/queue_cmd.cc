// The work queue of a shared casebook (store/queue.h): jikenbo enqueue adds inputs, jikenbo
// worker (any number, on any machine) ingests them, jikenbo queue shows where they stand.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "base/file_source.h"
#include "cli/common.h"
#include "ingest/fetch.h"
#include "ingest/ingest.h"
#include "report/json.h"
#include "store/queue.h"

namespace jikenbo::cli {
namespace {

std::atomic<bool> stop_requested{false};
extern "C" void OnStopSignal(int) { stop_requested = true; }

bool IsUrl(const std::string& s) { return s.starts_with("http://") || s.starts_with("https://"); }

nlohmann::ordered_json JobJson(const store::Job& j) {
  return {{"id", j.id},
          {"input", j.input},
          {"state", j.state},
          {"attempts", j.attempts},
          {"max_attempts", j.max_attempts},
          {"enqueued_at", j.enqueued_at},
          {"started_at", j.started_at},
          {"finished_at", j.finished_at},
          {"worker", j.worker},
          {"error", j.error},
          {"outcome", j.outcome}};
}

// --- enqueue ---------------------------------------------------------------------------------

struct EnqueueArgs {
  std::vector<std::string> inputs;
  int64_t max_attempts = 3;
  std::string format;
};

int RunEnqueue(const Context& ctx, const EnqueueArgs& args) {
  auto queue = store::OpenJobQueue(ctx.db);
  if (!queue.ok()) return PrintError(queue.status()), kExitError;
  // Directories become their files; paths become absolute (workers elsewhere read the same
  // shared path); URLs stay as given.
  std::vector<std::string> jobs;
  std::vector<std::string> local;
  for (const std::string& in : args.inputs) (IsUrl(in) ? jobs : local).push_back(in);
  auto files = NewDiskFileSource();
  const ingest::Plan plan = ingest::Expand(*files, local);
  for (const Status& e : plan.errors) PrintError(e);
  for (const std::string& f : plan.files) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(f, ec);
    jobs.push_back(ec ? f : abs.lexically_normal().string());
  }
  auto added = (*queue)->Enqueue(jobs, args.max_attempts);
  if (!added.ok()) return PrintError(added.status()), kExitError;
  if (args.format == "json") {
    std::puts(report::Dump(nlohmann::ordered_json{{"enqueued", *added},
                                                  {"already_waiting", jobs.size() - *added},
                                                  {"errors", plan.errors.size()}})
                  .c_str());
  } else {
    std::printf("%zu jobs enqueued, %zu already waiting, %zu inputs not found\n", *added,
                jobs.size() - *added, plan.errors.size());
  }
  return plan.errors.empty() ? kExitOk : kExitPartial;
}

// --- worker ----------------------------------------------------------------------------------

struct WorkerArgs {
  double lease = 60;
  double poll = 1;
  bool exit_when_idle = false;
  std::string name;
  std::string format;
  double time_limit = ingest::Options{}.time_limit_seconds;
  bool allow_private = false;
};

// Renews the lease of the job in hand every third of the lease, on a connection of its own.
class Heartbeat {
 public:
  Heartbeat(std::unique_ptr<store::JobQueue> queue, std::string worker, double lease)
      : queue_(std::move(queue)),
        worker_(std::move(worker)),
        lease_(lease),
        thread_([this] { Loop(); }) {}
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void Hold(int64_t job) {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = job;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    const auto every = std::chrono::duration<double>(lease_ / 3);
    while (!cv_.wait_for(lock, every, [this] { return done_; })) {
      if (job_ == 0) continue;
      auto renewed = queue_->Renew(job_, worker_, lease_);
      if (!renewed.ok()) PrintError(renewed.status());
    }
  }
  std::unique_ptr<store::JobQueue> queue_;
  std::string worker_;
  double lease_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  int64_t job_ = 0;
  std::thread thread_;
};

std::string Outcome(const ingest::DocumentReport& r) {
  if (r.outcome == ingest::Outcome::kDuplicate) return "duplicate (already archived)";
  return fmt::format("ingested {} article{}", r.articles, r.articles == 1 ? "" : "s");
}

int RunWorker(const Context& ctx, const WorkerArgs& args) {
  if (args.lease <= 0 || args.poll <= 0) {
    return PrintError(Status::InvalidInput("--lease and --poll must be positive")), kExitError;
  }
  auto queue = store::OpenJobQueue(ctx.db);
  if (!queue.ok()) return PrintError(queue.status()), kExitError;
  auto beat_queue = store::OpenJobQueue(ctx.db);
  if (!beat_queue.ok()) return PrintError(beat_queue.status()), kExitError;
  auto pipeline = LoadPipeline(ctx);
  if (!pipeline.ok()) return PrintError(pipeline.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  const std::string worker = args.name.empty() ? fmt::format("{}:{}", host, getpid()) : args.name;
  auto files = NewDiskFileSource();
  ingest::Options options;
  options.time_limit_seconds = args.time_limit;
  ingest::FetchOptions fetch;
  fetch.allow_private = args.allow_private;
  auto fetcher = ingest::NewCurlFetcher(fetch);
  ingest::Ingester ingester(*files, **store, *pipeline, options, fetcher.get());
  Heartbeat heartbeat(std::move(*beat_queue), worker, args.lease);
  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGINT, OnStopSignal);
  size_t done = 0, failed = 0;
  // The stored documents' incidents wait (pending) until the worker numbers them: after 32
  // documents, 2 seconds, or when the queue runs dry — numbering takes the casebook-wide lock,
  // so numbering after every document would make the workers wait on each other. A worker
  // killed before numbering leaves them to the next numbering of any writer.
  size_t unnumbered = 0;
  auto last_numbered = std::chrono::steady_clock::now();
  auto number = [&] {
    if (unnumbered == 0) return;
    const Status s = ingest::Renumber(**store);
    (*store)->EndRead();
    if (!s.ok()) {
      PrintError(Status::IoError("incidents stored but not numbered yet: " + s.ToString()));
      return;
    }
    unnumbered = 0;
    last_numbered = std::chrono::steady_clock::now();
  };
  while (!stop_requested) {
    if (unnumbered >= 32 ||
        std::chrono::steady_clock::now() - last_numbered > std::chrono::seconds(2)) {
      number();
    }
    auto job = (*queue)->Claim(worker, args.lease);
    if (!job.ok()) return PrintError(job.status()), kExitError;
    if (!*job) {
      number();
      if (args.exit_when_idle) {
        auto counts = (*queue)->Counts();
        if (!counts.ok()) return PrintError(counts.status()), kExitError;
        if (counts->pending + counts->running == 0) break;  // nothing left, nothing in hand
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(args.poll));
      continue;
    }
    const store::Job& j = **job;
    heartbeat.Hold(j.id);
    const ingest::DocumentReport r = ingester.IngestFile(j.input);
    Status s = r.outcome == ingest::Outcome::kFailed ? r.status : Status::Ok();
    if (r.outcome == ingest::Outcome::kIngested) ++unnumbered;
    (*store)->EndRead();
    heartbeat.Hold(0);
    if (s.ok()) {
      s = (*queue)->Finish(j.id, worker, Outcome(r));
      ++done;
    } else {
      s = (*queue)->Fail(j.id, worker, s.ToString());
      ++failed;
    }
    if (!s.ok()) return PrintError(s), kExitError;
    if (args.format == "json") {
      std::puts(report::Dump(
                    nlohmann::ordered_json{
                        {"job", j.id},
                        {"input", j.input},
                        {"attempt", j.attempts},
                        {"outcome", r.outcome == ingest::Outcome::kFailed
                                        ? "failed"
                                        : (r.outcome == ingest::Outcome::kDuplicate ? "duplicate"
                                                                                    : "ingested")},
                        {"articles", r.articles},
                        {"error", r.outcome == ingest::Outcome::kFailed ? r.status.ToString()
                                                                        : std::string()}},
                    /*indent=*/-1)
                    .c_str());
    } else {
      std::printf(
          "job %lld (attempt %lld): %s: %s\n", static_cast<long long>(j.id),
          static_cast<long long>(j.attempts), j.input.c_str(),
          r.outcome == ingest::Outcome::kFailed ? r.status.ToString().c_str() : Outcome(r).c_str());
    }
    std::fflush(stdout);
  }
  number();
  if (args.format != "json")
    std::printf("worker %s: %zu jobs done, %zu failed\n", worker.c_str(), done, failed);
  return failed > 0 ? kExitPartial : kExitOk;
}

// --- queue -----------------------------------------------------------------------------------

struct QueueArgs {
  std::string state;
  size_t limit = 20;
  std::string format;
};

int RunQueue(const Context& ctx, const QueueArgs& args) {
  auto queue = store::OpenJobQueue(ctx.db);
  if (!queue.ok()) return PrintError(queue.status()), kExitError;
  auto counts = (*queue)->Counts();
  if (!counts.ok()) return PrintError(counts.status()), kExitError;
  auto jobs = (*queue)->List(args.state, args.limit);
  if (!jobs.ok()) return PrintError(jobs.status()), kExitError;
  if (args.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& j : *jobs) list.push_back(JobJson(j));
    std::puts(report::Dump(nlohmann::ordered_json{{"pending", counts->pending},
                                                  {"running", counts->running},
                                                  {"done", counts->done},
                                                  {"failed", counts->failed},
                                                  {"jobs", list}})
                  .c_str());
    return kExitOk;
  }
  std::printf("%lld pending, %lld running, %lld done, %lld failed\n",
              static_cast<long long>(counts->pending), static_cast<long long>(counts->running),
              static_cast<long long>(counts->done), static_cast<long long>(counts->failed));
  for (const auto& j : *jobs) {
    std::printf("%6lld  %-7s  %lld/%lld  %s", static_cast<long long>(j.id), j.state.c_str(),
                static_cast<long long>(j.attempts), static_cast<long long>(j.max_attempts),
                j.input.c_str());
    if (j.state == "running")
      std::printf("  (%s since %s)", j.worker.c_str(), j.started_at.c_str());
    if (j.state == "done") std::printf("  %s", j.outcome.c_str());
    if (!j.error.empty()) std::printf("  error: %s", j.error.c_str());
    std::printf("\n");
  }
  return kExitOk;
}

}  // namespace

void AddQueueCommands(CLI::App& app, Context& ctx) {
  auto enqueue = std::make_shared<EnqueueArgs>();
  CLI::App* e = app.add_subcommand(
      "enqueue",
      "Add inputs to the work queue of a shared (PostgreSQL) casebook, for jikenbo worker on\n"
      "any machine: files and directories (as absolute paths, which every worker must be able to\n"
      "read, e.g. on a shared volume) and http(s) URLs. An input already waiting is not added\n"
      "twice.");
  e->add_option("inputs", enqueue->inputs, "files, directories or URLs")->required();
  e->add_option("--max-attempts", enqueue->max_attempts,
                "tries before a job is marked failed (its last error is kept)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  AddFormat(*e, &enqueue->format, {"text", "json"});
  e->callback([&ctx, enqueue] { ctx.exit_code = RunEnqueue(ctx, *enqueue); });

  auto worker = std::make_shared<WorkerArgs>();
  CLI::App* w = app.add_subcommand(
      "worker",
      "Ingest jobs from the work queue until stopped (SIGTERM/SIGINT: after the job in hand).\n"
      "Run any number, on any machine. A job is held under a lease the worker renews; if the\n"
      "worker dies, the lease runs out and another worker takes the job again.");
  w->add_option("--lease", worker->lease, "seconds a job is held without a renewal")
      ->capture_default_str();
  w->add_option("--poll", worker->poll, "seconds between looks at an empty queue")
      ->capture_default_str();
  w->add_flag("--exit-when-idle", worker->exit_when_idle,
              "stop when no job is pending or running (for batch runs and tests)");
  w->add_option("--name", worker->name, "this worker's name in the queue (default host:pid)");
  AddFormat(*w, &worker->format, {"text", "json"});
  AddFetchSafetyOptions(*w, &worker->time_limit, &worker->allow_private);
  w->callback([&ctx, worker] { ctx.exit_code = RunWorker(ctx, *worker); });

  auto queue = std::make_shared<QueueArgs>();
  CLI::App* q = app.add_subcommand(
      "queue",
      "Show the work queue: how many jobs are pending, running, done and failed, and the\n"
      "latest jobs with their attempts, worker, outcome and last error.");
  q->add_option("--state", queue->state, "only jobs in this state")
      ->check(CLI::IsMember({"pending", "running", "done", "failed"}));
  q->add_option("-n,--limit", queue->limit, "jobs to list (0 = all)")->capture_default_str();
  AddFormat(*q, &queue->format, {"text", "json"});
  q->callback([&ctx, queue] { ctx.exit_code = RunQueue(ctx, *queue); });
}

}  // namespace jikenbo::cli

import com.fasterxml.jackson.databind.ObjectMapper
import io.ptlake.spark.cli.PtlakeCli
import io.ptlake.spark.preprocess.RunFolders
import scala.collection.JavaConverters._

/**
 * The Glue entry point of ptlake (the job's --class). Glue calls main with every job argument as
 * "--key value" pairs, its own (--JOB_NAME, --TempDir, --job-bookmark-option, ...) among them, so
 * PtlakeCli cannot be the job class itself: picocli would refuse Glue's keys. This object picks out
 * ptlake's arguments, each a JSON array of strings:
 *   --ptlake_command  the command and fixed options, from the job definition
 *   --ptlake_args     what varies per run (inputs), appended; given to start-job-run
 *   --ptlake_then     an optional second command run after the first succeeds (catalog register)
 *   --ptlake_dirs_of_run  a preprocess-many output prefix (a plain string), appended to the first
 *                     command (ingest) once a run report is found under it: ingest expands it into
 *                     the folders of its latest run and its ToC, so a Step Functions chain need
 *                     not carry a list longer than its payload limit
 * It calls PtlakeCli's command line rather than PtlakeCli.main, which ends with System.exit: a
 * failure is thrown instead, so Glue marks the run FAILED with the exit code in its message.
 */
object PtlakeGlueEntry {
  private val Json = new ObjectMapper()

  def main(sysArgs: Array[String]): Unit = {
    val options = jobOptions(sysArgs)
    val command = words(options, "--ptlake_command")
    if (command.isEmpty) {
      throw new IllegalArgumentException("Cannot run ptlake because the job has no --ptlake_command")
    }
    val runDirs = options.get("--ptlake_dirs_of_run").filter(_.trim.nonEmpty) match {
      case Some(prefix) => RunFolders.ingestDirs(prefix.trim).asScala.toArray
      case None => Array.empty[String]
    }
    run(command ++ words(options, "--ptlake_args") ++ runDirs)
    val next = words(options, "--ptlake_then")
    if (next.nonEmpty) {
      run(next)
    }
  }

  private def run(args: Array[String]): Unit = {
    val exit = PtlakeCli.commandLine().execute(args: _*)
    if (exit != 0) {
      throw new RuntimeException(s"ptlake ${args.mkString(" ")} exited with code $exit")
    }
  }

  /** "--key value" pairs; a key without a value (a flag) maps to "". */
  private def jobOptions(sysArgs: Array[String]): Map[String, String] = {
    val options = scala.collection.mutable.LinkedHashMap[String, String]()
    var i = 0
    while (i < sysArgs.length) {
      if (sysArgs(i).startsWith("--")) {
        val hasValue = i + 1 < sysArgs.length && !sysArgs(i + 1).startsWith("--")
        options(sysArgs(i)) = if (hasValue) sysArgs(i + 1) else ""
        i += (if (hasValue) 2 else 1)
      } else {
        i += 1
      }
    }
    options.toMap
  }

  private def words(options: Map[String, String], key: String): Array[String] =
    options.get(key).filter(_.trim.nonEmpty) match {
      case Some(json) => Json.readValue(json, classOf[Array[String]])
      case None => Array.empty[String]
    }
}

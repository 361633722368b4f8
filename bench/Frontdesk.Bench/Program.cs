using Frontdesk.Bench;
using Frontdesk.Bench.Http;
using Frontdesk.Bench.Load;
using Frontdesk.Bench.Mail;
using Frontdesk.Bench.Pipeline;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        Frontdesk benchmarks (see bench/README.md)

          load    --provider sqlite|postgres (--data DIR | --conn CS) --tickets N [--chunk 20000] [--token T]
          create  --url URL [--token T] --clients 4 --seconds 20 [--team-ids 1,2,3]
          queue   --url URL [--token T] [--runs 1000] [--clients 1] [--teams 12]
          search  --url URL [--token T] [--runs 1000] [--clients 1]
          memory  --url URL [--token T] --pid PID [--runs 500] [--teams 12]
          mail    [--messages 10000] [--concurrency 8] [--corpus DIR] [--data DIR] [--parse-only]   email intake throughput, in process
          pipeline [--tickets 5000] [--rules 200] [--agents 50] [--concurrency 4]   rules and routing cost per new ticket, in process

        The token defaults to FRONTDESK_ADMIN_TOKEN, else the bench's fixed token (the one `load` installs).
        """);
    return 0;
}

var options = new Options(args.Skip(1));
try
{
    return args[0] switch
    {
        "load" => await LoadCommand.RunAsync(options, cancel.Token),
        "create" => await CreateCommand.RunAsync(options, cancel.Token),
        "queue" => await QueryCommands.QueueAsync(options, cancel.Token),
        "search" => await QueryCommands.SearchAsync(options, cancel.Token),
        "memory" => await QueryCommands.MemoryAsync(options, cancel.Token),
        "mail" => await MailCommand.RunAsync(options, cancel.Token),
        "pipeline" => await PipelineCommand.RunAsync(options, cancel.Token),
        _ => throw new ArgumentException($"Unknown command '{args[0]}'; try --help."),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using System.CommandLine;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// The options that describe a transaction file, shared by `evaluate` and `demo --transactions`: <c>--format</c> and,
/// for csv and parquet, the column names and the date format. Their errors are parse errors (exit code 2).
/// </summary>
internal sealed class TransactionFileArguments
{
    private const string Cdnow = "cdnow";
    private const string Csv = "csv";
    private const string Parquet = "parquet";

    public TransactionFileArguments(bool formatRequired)
    {
        Format = new Option<string>("--format")
        {
            Description = "Format of the transaction file: cdnow (whitespace-separated CDNOW data, 4 or 5 columns, optional header), csv (a header line; columns by name) or parquet (columns by name). Rows with a missing or negative amount are skipped and counted (returns are not purchases); a zero amount is a purchase without spend.",
            Required = formatRequired,
        };
        Format.AcceptOnlyFromAmong(Cdnow, Csv, Parquet);
        CustomerColumn = ColumnOption("--customer-column", TransactionColumns.DefaultCustomer, "customer id");
        DateColumn = ColumnOption("--date-column", TransactionColumns.DefaultDate, "purchase date or time");
        AmountColumn = ColumnOption("--amount-column", TransactionColumns.DefaultAmount, "purchase amount");
        DateFormat = new Option<string>("--date-format")
        {
            Description = "csv and parquet: how dates are written: 'iso' (ISO 8601 date or date-time; without an offset, UTC) or a .NET date pattern such as yyyyMMdd, dd/MM/yyyy or \"MM/dd/yyyy HH:mm\".",
            DefaultValueFactory = _ => TransactionDateFormat.IsoName,
        };
        DateFormat.Validators.Add(result =>
        {
            var token = result.Tokens.LastOrDefault()?.Value;
            if (token is not null && TryParseDateFormat(token, out var reason) is null)
            {
                result.AddError($"--date-format '{token}' is not a date format: {reason}");
            }
        });
    }

    public Option<string> Format { get; }

    public Option<string> CustomerColumn { get; }

    public Option<string> DateColumn { get; }

    public Option<string> AmountColumn { get; }

    public Option<string> DateFormat { get; }

    public IEnumerable<Option> All => [Format, CustomerColumn, DateColumn, AmountColumn, DateFormat];

    /// <summary>Adds the options and the rule that the column options describe csv and parquet files only.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var given = new[] { CustomerColumn, DateColumn, AmountColumn, DateFormat }
                .Where(o => result.GetResult(o) is { Implicit: false })
                .Select(o => o.Name)
                .ToArray();
            if (given.Length > 0 && result.GetValue(Format) == Cdnow)
            {
                result.AddError($"{string.Join(", ", given)}: the cdnow format has fixed columns; these options describe csv and parquet files.");
            }
        });
    }

    /// <summary>The options as parsed; null when no format was given.</summary>
    public TransactionFileOptions? Bind(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var format = parseResult.GetValue(Format) switch
        {
            Cdnow => TransactionFormat.Cdnow,
            Csv => TransactionFormat.Csv,
            Parquet => TransactionFormat.Parquet,
            _ => (TransactionFormat?)null,
        };
        if (format is null)
        {
            return null;
        }

        return new TransactionFileOptions(
            format.Value,
            new TransactionColumns(parseResult.GetRequiredValue(CustomerColumn), parseResult.GetRequiredValue(DateColumn), parseResult.GetRequiredValue(AmountColumn)),
            TryParseDateFormat(parseResult.GetRequiredValue(DateFormat), out _) ?? TransactionDateFormat.Iso8601);
    }

    private static TransactionDateFormat? TryParseDateFormat(string text, out string? reason)
    {
        try
        {
            reason = null;
            return TransactionDateFormat.Parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            reason = e.Message;
            return null;
        }
    }

    private static Option<string> ColumnOption(string name, string defaultName, string what)
    {
        var option = new Option<string>(name)
        {
            Description = $"csv and parquet: the column holding the {what} (any case).",
            DefaultValueFactory = _ => defaultName,
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"{name} needs a column name.");
            }
        });
        return option;
    }
}

namespace Party.Members.Domain.Points;

/// <summary>
/// The monthly declaration window (每月申报): from the 15th of one month (inclusive) to the 15th of
/// the next (exclusive); it is registered on that closing 15th (主题党日) and closed afterwards.
/// </summary>
public readonly record struct DeclarationWindow(DateOnly Start, DateOnly End)
{
    public const int Day = 15;

    /// <summary>The window a date falls into.</summary>
    public static DeclarationWindow For(DateOnly date)
    {
        var start = date.Day >= Day ? new DateOnly(date.Year, date.Month, Day) : new DateOnly(date.Year, date.Month, Day).AddMonths(-1);
        return new DeclarationWindow(start, start.AddMonths(1));
    }

    /// <summary>Last local day entries for this window are accepted: its closing 15th plus any grace days.</summary>
    public DateOnly LastEntryDay(int graceDays) => End.AddDays(graceDays);

    public bool Contains(DateOnly date) => date >= Start && date < End;

    /// <summary>
    /// Why an entry dated <paramref name="entryDate"/> cannot be registered on <paramref name="today"/>, or null when it can.
    /// </summary>
    public static WindowRefusal? Check(DateOnly entryDate, DateOnly today, int graceDays)
    {
        if (entryDate > today) return WindowRefusal.Future;
        var window = For(entryDate);
        return today > window.LastEntryDay(graceDays) ? WindowRefusal.Closed : null;
    }
}

public enum WindowRefusal { Future, Closed }

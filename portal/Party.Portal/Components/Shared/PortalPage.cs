using Microsoft.AspNetCore.Components;
using Party.Portal.Api;
using Party.Portal.Auth;

namespace Party.Portal.Components.Shared;

/// <summary>
/// What every page shares: the signed-in person, the gateway client, and one way to run an API call — its failure
/// becomes <see cref="Problem"/> (shown by <c>ProblemAlert</c> and beside the fields it names), an ended session
/// signs in again, and the page never shows an exception.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    [Inject] protected GatewayApi Api { get; set; } = null!;
    [Inject] protected PortalUser Users { get; set; } = null!;
    [Inject] protected NavigationManager Navigation { get; set; } = null!;
    [Inject] protected TimeProvider Clock { get; set; } = null!;
    [Inject] private PageTimings Timings { get; set; } = null!;

    protected Person Me { get; private set; } = new("", "", "", Guid.Empty);
    protected ApiProblem? Problem { get; set; }
    protected bool Busy { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        // The routed page starts the timing; a part of it that is a PortalPage too (an import panel) only adds calls.
        if (GetType().IsDefined(typeof(RouteAttribute), inherit: false)) Timings.Begin(GetType().Name);
        Me = await Users.CurrentAsync();
        await RunAsync(LoadAsync);
    }

    /// <summary>The page's data; called once at start and again after a 412 (someone else changed the record).</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs an action; true when it succeeded. A stale record (412) is reloaded and the message says why.</summary>
    protected async Task<bool> RunAsync(Func<Task> action)
    {
        Busy = true;
        Problem = null;
        try
        {
            await action();
            return true;
        }
        catch (ApiProblem p) when (p.IsSessionExpired)
        {
            var returnUrl = Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri));
            Navigation.NavigateTo($"signin?returnUrl={returnUrl}", forceLoad: true);
            return false;
        }
        catch (ApiProblem p)
        {
            Problem = p;
            if (p.IsStale)
            {
                try { await LoadAsync(); }
                catch (ApiProblem reload) { Problem = reload; }
            }
            return false;
        }
        finally
        {
            Busy = false;
            StateHasChanged();
        }
    }

    protected DateOnly Today => Labels.Today(Clock);
}

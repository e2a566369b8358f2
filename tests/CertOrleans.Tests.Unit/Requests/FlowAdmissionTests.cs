using CertOrleans.Gateway.Admission;
using Microsoft.Extensions.Time.Testing;

namespace CertOrleans.Tests.Requests;

/// <summary>The admission rule itself, on a fake clock: shares under saturation, latency as saturation, recovery after a failover, forgotten flows.</summary>
public sealed class FlowAdmissionTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-30T09:00:00+09:00"));

    private FlowAdmission Admission(int max = 100, double latencyBoundMs = 1000) => new(Microsoft.Extensions.Options.Options.Create(new AdmissionOptions
    {
        MaxActiveFlows = max,
        StepLatencyBound = TimeSpan.FromMilliseconds(latencyBoundMs),
        FlowLifetime = TimeSpan.FromMinutes(11),
        FlowIdleLifetime = TimeSpan.FromMinutes(4),
    }), time);

    [Fact]
    public void Under_a_tenfold_rush_each_city_keeps_at_least_its_fair_share()
    {
        var admission = Admission(max: 100);
        var held = new Dictionary<string, Queue<string>> { ["092011"] = new(), ["132012"] = new() };
        var admitted = new Dictionary<string, int> { ["092011"] = 0, ["132012"] = 0 };
        var random = new Random(7);
        var next = 0;
        // Ten arrivals from 宇都宮市 to each from 八王子市; every tick some flows end, oldest first.
        for (var tick = 0; tick < 20_000; tick++)
        {
            var city = random.Next(11) == 0 ? "132012" : "092011";
            if (admission.TryAdmit(city) is { } slot)
            {
                var id = $"q-{next++}";
                slot.Bind(id);
                held[city].Enqueue(id);
                admitted[city]++;
            }
            if (tick % 3 == 0)
                foreach (var queue in held.Values.Where(q => q.Count > 0)) admission.Ended(queue.Dequeue());
        }
        var state = admission.State();
        Assert.True(state.ActiveFlows <= 100, $"{state.ActiveFlows} active");
        // 八王子市 asks for about 1/11 of the starts and gets them all; 宇都宮市 gets the rest of the capacity.
        Assert.True(admitted["132012"] >= 20_000 / 11 * 0.9, $"八王子市 admitted {admitted["132012"]}");
        Assert.True(admitted["092011"] > admitted["132012"], $"宇都宮市 admitted {admitted["092011"]}");
    }

    [Fact]
    public void Slow_steps_lower_the_limit_and_fast_ones_raise_it_again()
    {
        var admission = Admission(max: 100, latencyBoundMs: 500);
        for (var i = 0; i < 10; i++) admission.TryAdmit("092011")!.Bind($"q-{i}");
        for (var second = 0; second < 15; second++) Second(admission, steps: 20, took: TimeSpan.FromSeconds(2));

        var slow = admission.State();
        Assert.True(slow.Saturated && slow.Limit <= 10, $"limit {slow.Limit}");
        Assert.Null(admission.TryAdmit("092011"));
        // Another city's first flow is still its share.
        Assert.NotNull(admission.TryAdmit("132012"));

        // The flows in progress finish quickly again: the limit climbs back and new starts are admitted.
        for (var second = 0; second < 15; second++) Second(admission, steps: 20, took: TimeSpan.FromMilliseconds(50));
        Assert.True(admission.State().Limit >= 30, $"limit {admission.State().Limit}");
        Assert.NotNull(admission.TryAdmit("092011"));
    }

    [Fact]
    public void A_step_that_hangs_counts_as_slow_before_it_ends()
    {
        var admission = Admission(max: 100, latencyBoundMs: 1000);
        admission.TryAdmit("092011")!.Bind("q-1");
        using var hanging = admission.StepStarted("q-1");
        for (var second = 0; second < 10; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            admission.State();
        }
        Assert.True(admission.State().Limit < 50, $"limit {admission.State().Limit} while a step has hung for 10 s");
    }

    [Fact]
    public void A_quick_step_that_began_just_before_the_second_turned_is_not_taken_for_a_slow_one()
    {
        // Running steps are grouped by when they began; one begun 50 ms before the second turned, looked at 100 ms
        // later, has run 100 ms, not the 1.05 s since its second began (which once counted as over the bound).
        var admission = Admission(max: 100, latencyBoundMs: 500);
        admission.TryAdmit("092011")!.Bind("q-1");
        time.Advance(TimeSpan.FromMilliseconds(950));
        using var step = admission.StepStarted("q-1");
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(100, admission.State().Limit);
    }

    [Fact]
    public void After_a_failover_the_kiosks_are_served_again_within_a_minute()
    {
        // 24 kiosks of three cities in mid-flow when the database fails over: every step hangs for 20 s and then
        // fails, and each kiosk gives up on its flow without a word (its cancel fails too).
        var admission = Admission(max: 100);
        string[] cities = ["092011", "092029", "132012"];
        var flows = Enumerable.Range(0, 24).Select(i => (Id: $"q-{i}", City: cities[i % 3])).ToList();
        foreach (var (id, city) in flows) admission.TryAdmit(city)!.Bind(id);
        var hung = flows.Select(f => admission.StepStarted(f.Id)).ToList();
        var next = 0;
        for (var second = 0; second < 20; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            // The kiosks of flows that already failed try new ones; those admitted hang and are given up too.
            foreach (var city in cities)
                if (admission.TryAdmit(city) is { } slot) { slot.Bind($"h-{next}"); hung.Add(admission.StepStarted($"h-{next++}")); }
        }
        hung.ForEach(step => step.Dispose());
        var stalled = admission.State();
        Assert.True(stalled.Saturated && stalled.Limit < stalled.ActiveFlows, $"limit {stalled.Limit}, {stalled.ActiveFlows} flows after 20 s of hung steps");

        // The standby is promoted and the cluster is fast again; the kiosks try a new start every second.
        var served = new HashSet<string>();
        for (var second = 0; second < 60 && served.Count < cities.Length; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            foreach (var city in cities)
                if (admission.TryAdmit(city) is { } slot) { slot.Bind($"n-{second}-{city}"); served.Add(city); }
        }
        Assert.Equal(cities.Length, served.Count);
    }

    [Fact]
    public void A_flow_with_no_step_for_the_idle_lifetime_is_forgotten_and_a_stepping_one_is_kept()
    {
        var admission = Admission(max: 100);
        admission.TryAdmit("092011")!.Bind("q-quiet");
        admission.TryAdmit("092011")!.Bind("q-busy");
        for (var minute = 0; minute < 5; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            admission.StepStarted("q-busy").Dispose();
        }
        time.Advance(TimeSpan.FromSeconds(11));
        admission.TryAdmit("092011")?.Dispose();
        Assert.Equal(1, admission.State().ActiveFlows);
        admission.Ended("q-busy");
        Assert.Equal(0, admission.State().ActiveFlows);
    }

    // One second of the cluster's life: steps admitted flows make, each taking took.
    private void Second(FlowAdmission admission, int steps, TimeSpan took)
    {
        var running = Enumerable.Range(0, steps).Select(i => admission.StepStarted($"q-{i}")).ToList();
        time.Advance(took);
        running.ForEach(step => step.Dispose());
        if (took < TimeSpan.FromSeconds(1)) time.Advance(TimeSpan.FromSeconds(1) - took);
        admission.State();
    }

    [Fact]
    public void A_start_that_fails_gives_its_place_back_and_a_vanished_kiosks_flow_is_forgotten()
    {
        var admission = Admission(max: 2);
        using (admission.TryAdmit("092011")) { }
        admission.TryAdmit("092011")!.Bind("q-a");
        admission.TryAdmit("092011")!.Bind("q-b");
        Assert.Equal(2, admission.State().ActiveFlows);
        Assert.Null(admission.TryAdmit("092011"));

        time.Advance(TimeSpan.FromMinutes(12));
        Assert.NotNull(admission.TryAdmit("092011"));
        Assert.Equal(1, admission.State().ActiveFlows);
    }
}

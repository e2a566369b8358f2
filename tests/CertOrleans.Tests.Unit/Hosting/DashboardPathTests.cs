using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace CertOrleans.Tests.Hosting;

/// <summary>A dashboard path naming a silo it cannot read is an unknown resource (404), not a server error (the review's 500).</summary>
public sealed class DashboardPathTests
{
    [Theory]
    [InlineData("/dashboard/SiloProperties/abc", true)]
    [InlineData("/dashboard/SiloStats/127.0.0.1", true)]
    [InlineData("/dashboard/SiloCounters/%00%ff", true)]
    [InlineData("/dashboard/HistoricalStats/x:y@z", true)]
    [InlineData("/dashboard/SiloProperties/127.0.0.1:11111@123456789", false)]
    [InlineData("/dashboard/", false)]
    [InlineData("/dashboard/GrainStats/anything", false)]
    [InlineData("/verify/SiloProperties/abc", false)]
    public void Only_an_unreadable_silo_address_is_turned_away(string path, bool unreadable) =>
        Assert.Equal(unreadable, DashboardSiloPaths.HasUnreadableAddress(new PathString(path)));
}

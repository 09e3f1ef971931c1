using Platform.Domain.Runs;
using Platform.Training.Engine;
using Xunit;

namespace Platform.Training.Tests.Engine;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(LearningRateScheduleKind.Cosine, 0.55)]
    [InlineData(LearningRateScheduleKind.Linear, 0.55)]
    [InlineData(LearningRateScheduleKind.Constant, 1.0)]
    public void Given_a_schedule_When_reading_it_Then_warm_up_is_linear_and_the_middle_and_end_have_their_shape(LearningRateScheduleKind kind, double middle)
    {
        var schedule = new LearningRateSchedule(kind, Peak: 1.0, WarmupSteps: 10, TotalSteps: 110);

        Assert.Equal(0.1, schedule.At(1), 12);
        Assert.Equal(1.0, schedule.At(10), 12);
        Assert.Equal(middle, schedule.At(60), 12);
        Assert.Equal(kind == LearningRateScheduleKind.Constant ? 1.0 : 0.1, schedule.At(110), 12);
    }

    [Fact]
    public void Given_the_cyclic_schedule_When_reading_a_cycle_Then_it_falls_to_the_floor_at_mid_cycle_and_returns_to_the_peak()
    {
        var schedule = new LearningRateSchedule(LearningRateScheduleKind.Cyclic, Peak: 1.0, WarmupSteps: 0, TotalSteps: 100, CycleSteps: 20);

        Assert.Equal(0.1, schedule.At(10), 12);
        Assert.Equal(1.0, schedule.At(20), 12);
        Assert.Equal(0.1, schedule.At(30), 12);
        Assert.Equal(0.55, schedule.At(25), 12);
    }
}
